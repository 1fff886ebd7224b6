import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { RequestHandlerExtra } from "@modelcontextprotocol/sdk/shared/protocol.js";
import {
  ErrorCode,
  type CallToolRequest,
  type CallToolResult,
  type CompleteRequest,
  type CompleteResult,
  type GetPromptRequest,
  type GetPromptResult,
  type ListToolsResult,
  type Prompt,
  type ReadResourceRequest,
  type ReadResourceResult,
  type Resource,
  type ResourceTemplate,
  type ServerCapabilities,
  type ServerNotification,
  type ServerRequest,
  type Tool,
} from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import type { AuditLog } from "../audit/index.js";
import { relayOf } from "../downstream/index.js";
import type { ClientProfile, Settings } from "../config/index.js";
import { CallTimeout } from "../errors/index.js";
import type { Logger } from "../log/index.js";
import type { HubMetrics } from "../metrics/index.js";
import { advertisedCapabilities, advertisedInstructions } from "./advertised.js";
import { Catalog } from "./catalog.js";
import type { Fleet } from "./fleet.js";
import { aggregatedScope, toNamespaced, type NameScope } from "./naming.js";
import { InFlightCalls } from "./ownership.js";
import { DOWNSTREAM_CAPABILITIES, installRelay } from "./relay.js";
import { SharedLists } from "./sharedLists.js";
import { announceListChanged, dedicatedSinks, sharedSinks, type SinkContext } from "./sinks.js";
import { isConnectionLoss, isTimeout, RpcError, toMcpError } from "./rpcError.js";
import { ClientSession, SHARED_VALIDATOR, type UpstreamTransport } from "./session.js";
import { Subscriptions } from "./subscriptions.js";

type Extra = RequestHandlerExtra<ServerRequest, ServerNotification>;

/** What a routed request needs from the one that caused it: the SDK's handler extra, or a hand-made one. */
export type CallContext = Pick<Extra, "signal" | "requestId" | "_meta" | "sendNotification">;

/**
 * Results are relayed as the server sent them: the calling client validates them, so a full schema here would only
 * add another pass on the hot path.
 */
const RELAYED = z.looseObject({});

export interface HubOptions {
  version: string;
  log: Logger;
  metrics: HubMetrics;
  audit: AuditLog;
  settings: () => Settings;
  /** Per-client tool profiles from the state file, keyed by client identity (e.g. "claude-desktop"). */
  profiles?: () => Record<string, ClientProfile>;
}

/** The aggregation: merges servers' lists, routes calls to their owner and relays everything back. */
export class Hub {
  readonly version: string;
  readonly log: Logger;
  readonly catalog: Catalog;
  private fleetRef: Fleet | undefined;
  private readonly sessions = new Set<ClientSession>();
  private readonly inFlight = new InFlightCalls<ClientSession>();
  private readonly subscriptions = new Subscriptions<ClientSession>();
  private readonly toolLists = new SharedLists<ListToolsResult>();
  /** The catalog refresh started when a server last became ready. */
  private readonly refreshing = new Map<string, Promise<void>>();

  constructor(private readonly options: HubOptions) {
    this.version = options.version;
    // Each module names itself (`mod`); pino would repeat the key if the caller named it too.
    this.log = options.log.child({ mod: "hub" });
    this.catalog = new Catalog(options.log.child({ mod: "catalog" }));
    this.catalog.on("changed", (server, kinds) => announceListChanged(this.sessions, server, kinds));
  }

  get fleet(): Fleet {
    if (!this.fleetRef) throw new Error("hub has no fleet yet");
    return this.fleetRef;
  }

  /** Wires the fleet: lists are fetched whenever a server becomes ready, dropped when it goes. */
  attachFleet(fleet: Fleet): void {
    this.fleetRef = fleet;
    fleet.on("ready", (server, client) => {
      for (const session of this.sessions) session.forgetDedicated(server);
      const refresh = this.catalog.refresh(server, client).then(() => this.resubscribe(server, client));
      this.refreshing.set(server, refresh);
    });
    fleet.on("removed", (server) => this.catalog.remove(server));
  }

  /** The shared downstream client for a server, with the relay installed (given to the fleet). */
  createSharedClient(server: string): Client {
    const client = new Client(
      { name: "mcp-hub", version: this.version },
      { capabilities: DOWNSTREAM_CAPABILITIES, jsonSchemaValidator: SHARED_VALIDATOR },
    );
    installRelay(client, sharedSinks(this.sinkContext, server));
    return client;
  }

  createSession(options: {
    scope?: NameScope;
    transport: UpstreamTransport;
    client?: string;
  }): ClientSession {
    const session = new ClientSession(
      this,
      options.scope ?? aggregatedScope,
      options.transport,
      options.client,
    );
    this.sessions.add(session);
    this.options.metrics.sessions.inc({ transport: options.transport });
    return session;
  }

  /**
   * A call context for one stateless (2026-07-28) request. It is not registered: with no stream to carry them it
   * gets no list_changed, log messages or subscriptions, and it is not counted as a session.
   */
  statelessContext(options: { scope?: NameScope; client?: string }): ClientSession {
    return new ClientSession(this, options.scope ?? aggregatedScope, "stateless-http", options.client);
  }

  detach(session: ClientSession): void {
    if (!this.sessions.delete(session)) return;
    this.options.metrics.sessions.dec({ transport: session.transport });
    for (const { server, uri } of this.subscriptions.heldBy(session))
      void this.dropSubscriber(server, uri, session);
  }

  /** Resolves once the server's lists are in the catalog (or at once when it is not ready). */
  async catalogued(server: string): Promise<void> {
    await this.refreshing.get(server);
  }

  /** Whether a server of this name runs (configured and enabled, or discovered). */
  hasServer(name: string): boolean {
    return Boolean(this.fleetRef?.find(name));
  }

  sessionCount(): number {
    return this.sessions.size;
  }

  capabilitiesFor(scope: NameScope): ServerCapabilities {
    return advertisedCapabilities(scope.server ? this.fleetRef?.find(scope.server) : undefined);
  }

  instructionsFor(scope: NameScope): string | undefined {
    return advertisedInstructions(scope.server ? this.fleetRef?.find(scope.server) : undefined, scope);
  }

  // ---- lists (answered from the catalog) ----

  private profileOf(session: ClientSession): ClientProfile | undefined {
    return this.options.profiles?.()[session.clientName];
  }

  /** The servers a session may see: its scope, narrowed by its client's profile. */
  private visibleServers(session: ClientSession): string[] {
    const servers = session.scope.server ? [session.scope.server] : this.catalog.servers();
    const allowed = this.profileOf(session)?.servers;
    return allowed ? servers.filter((s) => allowed.includes(s)) : servers;
  }

  /** A configured server this session could see once it is ready (scope and profile allow it). */
  private mayUse(session: ClientSession, server: string): boolean {
    if (session.scope.server && session.scope.server !== server) return false;
    const allowed = this.profileOf(session)?.servers;
    return Boolean(this.fleetRef?.find(server)) && (!allowed || allowed.includes(server));
  }

  private hiddenFor(session: ClientSession, server: string, tool: string): boolean {
    return this.profileOf(session)?.hiddenTools.includes(toNamespaced(server, tool)) ?? false;
  }

  /** The tools/list answer for this session: built once per scope and client, shared and frozen (sharedLists.ts). */
  listTools(session: ClientSession): ListToolsResult {
    const key = `${session.scope.server ?? "*"}\n${session.clientName}`;
    return this.toolLists.get(key, this.catalog.version, this.profileOf(session), () => ({
      tools: Object.freeze(
        this.visibleServers(session).flatMap((server) =>
          this.catalog
            .get(server)
            .tools.filter((tool) => !this.hiddenFor(session, server, tool.name))
            .map((tool) => ({ ...tool, name: session.scope.show(server, tool.name) })),
        ),
      ) as Tool[],
    }));
  }

  listPrompts(session: ClientSession): Prompt[] {
    return this.visibleServers(session).flatMap((server) =>
      this.catalog.get(server).prompts.map((p) => ({ ...p, name: session.scope.show(server, p.name) })),
    );
  }

  listResources(session: ClientSession): Resource[] {
    return this.visibleServers(session).flatMap((server) => this.catalog.get(server).resources);
  }

  listResourceTemplates(session: ClientSession): ResourceTemplate[] {
    return this.visibleServers(session).flatMap((server) => this.catalog.get(server).resourceTemplates);
  }

  // ---- routed requests ----

  async callTool(session: ClientSession, params: CallToolRequest["params"], extra: CallContext) {
    const target = this.resolveName(session, params.name, "tool");
    return this.forward<CallToolResult>(session, extra, {
      server: target.server,
      method: "tools/call",
      name: target.name,
      args: params.arguments,
      params: { ...params, name: target.name, _meta: undefined },
    });
  }

  async getPrompt(session: ClientSession, params: GetPromptRequest["params"], extra: CallContext) {
    const target = this.resolveName(session, params.name, "prompt");
    return this.forward<GetPromptResult>(session, extra, {
      server: target.server,
      method: "prompts/get",
      name: target.name,
      args: params.arguments,
      params: { ...params, name: target.name, _meta: undefined },
    });
  }

  async readResource(session: ClientSession, params: ReadResourceRequest["params"], extra: CallContext) {
    const server = this.ownerOfUri(session, params.uri);
    return this.forward<ReadResourceResult>(session, extra, {
      server,
      method: "resources/read",
      name: params.uri,
      params: { uri: params.uri },
    });
  }

  async complete(session: ClientSession, params: CompleteRequest["params"], extra: CallContext) {
    let server: string;
    let ref = params.ref;
    if (ref.type === "ref/prompt") {
      const target = this.resolveName(session, ref.name, "prompt");
      server = target.server;
      ref = { ...ref, name: target.name };
    } else {
      const uri = ref.uri;
      const owner = this.visibleServers(session).find((s) =>
        this.catalog.get(s).resourceTemplates.some((t) => t.uriTemplate === uri),
      );
      server = owner ?? this.ownerOfUri(session, uri);
    }
    return this.forward<CompleteResult>(session, extra, {
      server,
      method: "completion/complete",
      params: { ...params, ref, _meta: undefined },
      shared: true,
    });
  }

  async subscribe(session: ClientSession, uri: string): Promise<Record<string, never>> {
    const server = this.ownerOfUri(session, uri);
    await this.subscriptions.add(server, uri, session, () =>
      this.sharedClient(server).subscribeResource({ uri }),
    );
    session.subscriptions.add(uri);
    return {};
  }

  async unsubscribe(session: ClientSession, uri: string): Promise<Record<string, never>> {
    const server = this.ownerOfUri(session, uri);
    await this.dropSubscriber(server, uri, session);
    return {};
  }

  /** A downstream session of this server for one client (docker exec / new HTTP session), relaying to it only. */
  async openDedicated(server: string, session: ClientSession) {
    const opened = await this.fleet.get(server).openSession(() => {
      const client = new Client(
        { name: session.clientName, version: this.version },
        {
          capabilities: DOWNSTREAM_CAPABILITIES,
          jsonSchemaValidator: SHARED_VALIDATOR,
        },
      );
      installRelay(client, dedicatedSinks(this.sinkContext, server, session));
      return client;
    });
    this.log.debug({ server, session: session.id }, "opened a dedicated downstream session");
    return opened;
  }

  // ---- internals ----

  private resolveName(session: ClientSession, shown: string, what: "tool" | "prompt") {
    const target = session.scope.resolve(shown);
    const servers = this.visibleServers(session);
    // A server that never became ready has no lists yet: say why it is missing, not just "unknown tool".
    if (target && !servers.includes(target.server) && this.mayUse(session, target.server))
      this.sharedClient(target.server);
    if (
      !target ||
      !servers.includes(target.server) ||
      (what === "tool" && this.hiddenFor(session, target.server, target.name))
    ) {
      const hint = session.scope.server
        ? ""
        : ` Names are <server>__<${what}>; servers: ${servers.join(", ") || "(none ready)"}.`;
      throw new RpcError(ErrorCode.InvalidParams, `Unknown ${what}: ${shown}.${hint}`);
    }
    return target;
  }

  private ownerOfUri(session: ClientSession, uri: string): string {
    const visible = new Set(this.visibleServers(session));
    const owner =
      this.catalog.ownerOfUri(uri, (s) => visible.has(s)) ??
      (visible.size === 1 ? [...visible][0] : undefined);
    if (!owner) throw new RpcError(ErrorCode.InvalidParams, `No server provides resource ${uri}`);
    return owner;
  }

  private sharedClient(server: string): Client {
    try {
      return this.fleet.get(server).client();
    } catch (error) {
      throw toMcpError(error);
    }
  }

  /** Sends `method` with `params` to the server's session for this client; timeout, progress, audit, metrics. */
  private async forward<T>(
    session: ClientSession,
    extra: CallContext,
    call: {
      server: string;
      method: string;
      /** Tool, prompt or resource named by the call (audit and metrics). */
      name?: string;
      /** The caller's arguments, hashed into the audit event. */
      args?: unknown;
      params: Record<string, unknown>;
      /** Always the shared connection, even for a client with dedicated sessions. */
      shared?: boolean;
    },
  ): Promise<T> {
    const started = performance.now();
    const settings = this.options.settings();
    const timeout = this.fleet.config(call.server)?.callTimeoutMs ?? settings.callTimeoutMs;
    const progressToken = extra._meta?.progressToken;
    const done = this.inFlight.begin(call.server, session, extra.requestId);
    let outcome: "ok" | "error" | "timeout" | "cancelled" = "ok";
    let failure: string | undefined;
    try {
      const shared = () => this.sharedClient(call.server);
      const client = call.shared ? shared() : await session.clientFor(call.server, shared);
      // Without progress to relay, the call passes through beside the SDK Client (relayRequests.ts).
      const relay = progressToken === undefined ? relayOf(client) : undefined;
      const result = (
        relay
          ? await relay.request(call.method, call.params, { signal: extra.signal, timeoutMs: timeout })
          : await client.request({ method: call.method, params: call.params }, RELAYED, {
              signal: extra.signal,
              timeout,
              resetTimeoutOnProgress: true,
              onprogress:
                progressToken === undefined
                  ? undefined
                  : (p) =>
                      void extra
                        .sendNotification({
                          method: "notifications/progress",
                          params: { ...p, progressToken },
                        })
                        .catch(() => undefined),
            })
      ) as T;
      this.fleet.find(call.server)?.recordOutcome(true);
      if (call.method === "tools/call" && (result as { isError?: boolean }).isError) outcome = "error";
      return result;
    } catch (error) {
      outcome = extra.signal.aborted ? "cancelled" : isTimeout(error) ? "timeout" : "error";
      failure = error instanceof Error ? error.message : String(error);
      if (outcome === "timeout" || isConnectionLoss(error))
        this.fleet.find(call.server)?.recordOutcome(false);
      if (outcome === "timeout") throw toMcpError(new CallTimeout(call.server, timeout));
      throw toMcpError(error);
    } finally {
      done();
      const latencyMs = performance.now() - started;
      this.options.metrics.recordCall({
        server: call.server,
        tool: call.name ?? call.method,
        outcome,
        latencyMs,
      });
      if (this.fleet.config(call.server)?.audit !== false)
        this.options.audit.record({
          client: session.clientName,
          session: session.id,
          transport: session.transport,
          server: call.server,
          method: call.method,
          name: call.name,
          args: call.args,
          outcome,
          error: failure,
          latencyMs,
        });
    }
  }

  /** What the relay sinks need to know about this hub (sinks.ts). */
  private readonly sinkContext: SinkContext = {
    sessions: () => this.sessions,
    owner: (server) => this.inFlight.owner(server),
    refreshList: (server, kind) => {
      const ds = this.fleetRef?.find(server);
      if (ds?.status().state === "ready") void this.catalog.refresh(server, ds.client(), [kind]);
    },
    subscribers: (server, uri) => this.subscriptions.sessions(server, uri),
  };

  private async dropSubscriber(server: string, uri: string, session: ClientSession): Promise<void> {
    session.subscriptions.delete(uri);
    if (!this.subscriptions.remove(server, uri, session)) return;
    const ds = this.fleetRef?.find(server);
    if (ds?.status().state === "ready")
      await ds
        .client()
        .unsubscribeResource({ uri })
        .catch(() => undefined);
  }

  /** After a restart the server has forgotten our subscriptions: renew them. */
  private async resubscribe(server: string, client: Client): Promise<void> {
    for (const uri of this.subscriptions.uris(server))
      await client
        .subscribeResource({ uri })
        .catch((err) => this.log.warn({ server, uri, err }, "resubscribe failed"));
  }
}

import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { RequestHandlerExtra } from "@modelcontextprotocol/sdk/shared/protocol.js";
import type { ServerNotification, ServerRequest } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import type { AuditLog } from "../audit/index.js";
import type { ServerConfig, Settings } from "../config/index.js";
import { relayOf, type DownstreamSession } from "../downstream/index.js";
import { CallTimeout, errorMessage } from "../errors/index.js";
import type { Logger } from "../log/index.js";
import type { HubMetrics } from "../metrics/index.js";
import type { Fleet } from "./fleet.js";
import { opensUrls, promptAuthorization } from "./authorizationPrompt.js";
import { isConnectionLoss, isTimeout, RpcError, toMcpError } from "./rpcError.js";
import type { ClientSession } from "./session.js";
import type { Sessions } from "./sessions.js";

type Extra = RequestHandlerExtra<ServerRequest, ServerNotification>;

/** What a routed request needs from the one that caused it: the SDK's handler extra, or a hand-made one. */
export type CallContext = Pick<Extra, "signal" | "requestId" | "_meta" | "sendNotification">;

/** A request resolved to its server (the capability modules' step), ready to go downstream. */
export interface RoutedCall {
  server: string;
  method: string;
  /** Tool, prompt or resource named by the call (audit and metrics). */
  name?: string;
  /** The caller's arguments, hashed into the audit event. */
  args?: unknown;
  params: Record<string, unknown>;
  /** Always the shared connection, even for a client with dedicated sessions. */
  shared?: boolean;
}

type Outcome = "ok" | "error" | "timeout" | "cancelled" | "denied";

/**
 * Results are relayed as the server sent them: the calling client validates them, so a full schema here would only
 * add another pass on the hot path.
 */
const RELAYED = z.looseObject({});

export interface CallPipelineOptions {
  fleet: Fleet;
  sessions: Sessions;
  metrics: HubMetrics;
  audit: AuditLog;
  settings: () => Settings;
  log: Logger;
}

/**
 * Every routed request after its capability module resolved it (tools/call, prompts/get, resources/read,
 * completion/complete): choose the downstream session → send (timeout, cancellation, progress) → record (breaker,
 * metrics, audit). The one place a call's fate is decided and written down.
 */
export class CallPipeline {
  constructor(private readonly options: CallPipelineOptions) {}

  async forward<T>(session: ClientSession, context: CallContext, call: RoutedCall): Promise<T> {
    const started = performance.now();
    const config = this.options.fleet.config(call.server);
    const timeout = config?.callTimeoutMs ?? this.options.settings().callTimeoutMs;
    const done = this.options.sessions.inFlight.begin(call.server, session, context.requestId);
    let outcome: Outcome = "ok";
    let failure: string | undefined;
    try {
      let client: Client;
      try {
        client = await this.choose(session, call, config);
      } catch (error) {
        client = await this.authorizeFirst(error, session, call, config, context, timeout);
      }
      const result = await this.send<T>(client, call, context, timeout);
      this.options.fleet.find(call.server)?.recordOutcome(true);
      if (call.method === "tools/call" && (result as { isError?: boolean }).isError) outcome = "error";
      return result;
    } catch (error) {
      outcome = context.signal.aborted ? "cancelled" : isTimeout(error) ? "timeout" : "error";
      failure = errorMessage(error);
      if (outcome === "timeout" || isConnectionLoss(error))
        this.options.fleet.find(call.server)?.recordOutcome(false);
      if (outcome === "timeout") throw toMcpError(new CallTimeout(call.server, timeout));
      throw toMcpError(error);
    } finally {
      done();
      this.record(session, call, config, outcome, failure, performance.now() - started);
    }
  }

  /** Refuses a resolved call before it goes anywhere, recorded as denied like any other outcome. */
  deny(session: ClientSession, call: RoutedCall, refusal: RpcError): never {
    this.record(session, call, this.options.fleet.config(call.server), "denied", refusal.message, 0);
    throw refusal;
  }

  /** A client that answers server requests gets its own downstream session; everyone else shares one. */
  private async choose(
    session: ClientSession,
    call: RoutedCall,
    config: ServerConfig | undefined,
  ): Promise<Client> {
    const own =
      call.shared || !session.answersServerRequests
        ? undefined
        : await session.dedicatedClient(call.server, () => this.openDedicated(session, call.server, config));
    return own ?? this.options.fleet.sharedClient(call.server);
  }

  /**
   * No session because the server waits for authorization: a client that opens URLs is handed the authorization
   * page and the call goes on once the user has authorized; anyone else gets `error`, which says how to authorize.
   */
  private async authorizeFirst(
    error: unknown,
    session: ClientSession,
    call: RoutedCall,
    config: ServerConfig | undefined,
    context: CallContext,
    timeoutMs: number,
  ): Promise<Client> {
    const { fleet } = this.options;
    if (fleet.find(call.server)?.status().state !== "needs-authorization" || !opensUrls(session)) throw error;
    const authorized = await promptAuthorization({
      session,
      fleet,
      server: call.server,
      context,
      timeoutMs,
    }).catch((failure: unknown) => {
      this.options.log.warn({ server: call.server, err: failure }, "could not ask the client to authorize");
      return false;
    });
    if (!authorized) throw error;
    return this.choose(session, call, config);
  }

  /** Without progress to relay, the call passes beside the SDK Client (downstream/relayRequests.ts). */
  private async send<T>(client: Client, call: RoutedCall, context: CallContext, timeout: number): Promise<T> {
    const progressToken = context._meta?.progressToken;
    if (progressToken === undefined) {
      const relay = relayOf(client);
      if (relay)
        return (await relay.request(call.method, call.params, {
          signal: context.signal,
          timeoutMs: timeout,
        })) as T;
    }
    return (await client.request({ method: call.method, params: call.params }, RELAYED, {
      signal: context.signal,
      timeout,
      resetTimeoutOnProgress: true,
      onprogress:
        progressToken === undefined
          ? undefined
          : (p) =>
              void context
                .sendNotification({ method: "notifications/progress", params: { ...p, progressToken } })
                .catch(() => undefined),
    })) as T;
  }

  private record(
    session: ClientSession,
    call: RoutedCall,
    config: ServerConfig | undefined,
    outcome: Outcome,
    failure: string | undefined,
    latencyMs: number,
  ): void {
    this.options.metrics.recordCall({
      server: call.server,
      tool: call.name ?? call.method,
      outcome,
      latencyMs,
    });
    if (config?.audit !== false)
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

  /**
   * This client's own session of the server (docker exec / a new HTTP session / a new in-process server). A
   * built-in is told exactly what the client can answer, so it asks (say, for confirmation) only a client that can.
   */
  private async openDedicated(
    session: ClientSession,
    server: string,
    config: ServerConfig | undefined,
  ): Promise<DownstreamSession | undefined> {
    const capabilities =
      config?.kind === "builtin" ? (session.server.getClientCapabilities() ?? {}) : undefined;
    try {
      const opened = await this.options.fleet
        .get(server)
        .openSession(() => this.options.sessions.dedicatedClient(server, session, capabilities));
      this.options.log.debug({ server, session: session.id }, "opened a dedicated downstream session");
      return opened;
    } catch (error) {
      this.options.log.warn({ server, err: error }, "no dedicated downstream session; using the shared one");
      return undefined;
    }
  }
}

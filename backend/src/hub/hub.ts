import type { ServerCapabilities } from "@modelcontextprotocol/sdk/types.js";
import type { AuditLog } from "../audit/index.js";
import type { ClientProfile, Settings } from "../config/index.js";
import type { Logger } from "../log/index.js";
import type { HubMetrics } from "../metrics/index.js";
import { advertisedCapabilities, advertisedInstructions } from "./advertised.js";
import { CallPipeline } from "./callPipeline.js";
import { Catalog } from "./catalog.js";
import { Completion } from "./completion.js";
import type { Fleet } from "./fleet.js";
import { aggregatedScope, type NameScope } from "./naming.js";
import { Prompts } from "./prompts.js";
import { Resources } from "./resources.js";
import { ClientSession, type UpstreamTransport } from "./session.js";
import type { Sessions } from "./sessions.js";
import { announceListChanged } from "./sinks.js";
import { Tools } from "./tools.js";
import { Visibility } from "./visibility.js";

export interface HubOptions {
  version: string;
  log: Logger;
  metrics: HubMetrics;
  audit: AuditLog;
  /** The servers; built first, with its downstream clients made by `sessions`. */
  fleet: Fleet;
  sessions: Sessions;
  settings: () => Settings;
  /** Per-client tool profiles from the state file, keyed by client identity (e.g. "claude-desktop"). */
  profiles?: () => Record<string, ClientProfile>;
}

/**
 * The aggregation: client sessions see every server's tools, prompts and resources as one MCP server. Each MCP
 * capability is its own module (tools, prompts, resources, completion, logging), resolving a request to its server
 * and handing it to the call pipeline; the hub keeps the catalog in step with the fleet and makes the sessions.
 */
export class Hub {
  readonly version: string;
  readonly log: Logger;
  readonly catalog: Catalog;
  readonly fleet: Fleet;
  readonly tools: Tools;
  readonly prompts: Prompts;
  readonly resources: Resources;
  readonly completion: Completion;
  private readonly sessions: Sessions;
  /** The catalog refresh started when a server last became ready. */
  private readonly refreshing = new Map<string, Promise<void>>();
  private readOnly: boolean;

  constructor(private readonly options: HubOptions) {
    const { fleet, sessions } = options;
    this.version = options.version;
    // Each module names itself (`mod`); pino would repeat the key if the caller named it too.
    this.log = options.log.child({ mod: "hub" });
    this.fleet = fleet;
    this.sessions = sessions;
    this.readOnly = options.settings().readOnly;
    const catalog = (this.catalog = new Catalog(options.log.child({ mod: "catalog" })));
    const visibility = new Visibility({ catalog, fleet, profiles: options.profiles });
    const pipeline = new CallPipeline({ ...options, log: this.log });
    this.tools = new Tools({ catalog, visibility, pipeline, readOnly: () => options.settings().readOnly });
    this.prompts = new Prompts({ catalog, visibility, pipeline });
    this.resources = new Resources({ catalog, visibility, pipeline, sessions, fleet, log: this.log });
    this.completion = new Completion({ catalog, visibility, pipeline });

    catalog.on("changed", (server, kinds) => announceListChanged(sessions, server, kinds));
    // Lists are fetched whenever a server becomes ready, refreshed when it says they changed, dropped when it goes.
    fleet.on("ready", (server, client) => {
      for (const session of sessions) session.forgetDedicated(server);
      const refresh = catalog.refresh(server, client).then(() => this.resources.resubscribe(server, client));
      this.refreshing.set(server, refresh);
    });
    fleet.on("removed", (server) => catalog.remove(server));
    sessions.on("listChanged", (server, kind) => {
      const ds = fleet.find(server);
      if (ds?.status().state === "ready") void catalog.refresh(server, ds.client(), [kind]);
    });
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
    this.resources.release(session);
  }

  /** Resolves once the server's lists are in the catalog (or at once when it is not ready). */
  async catalogued(server: string): Promise<void> {
    await this.refreshing.get(server);
  }

  /**
   * The settings may have changed: when read-only mode did, every session's tools list did too (tools.ts), so
   * every session is told.
   */
  settingsChanged(): void {
    const readOnly = this.options.settings().readOnly;
    if (readOnly === this.readOnly) return;
    this.readOnly = readOnly;
    for (const session of this.sessions) void session.server.sendToolListChanged().catch(() => undefined);
  }

  /** Whether a server of this name runs (configured and enabled, or discovered). */
  hasServer(name: string): boolean {
    return Boolean(this.fleet.find(name));
  }

  sessionCount(): number {
    return this.sessions.size;
  }

  capabilitiesFor(scope: NameScope): ServerCapabilities {
    return advertisedCapabilities(scope.server ? this.fleet.find(scope.server) : undefined);
  }

  instructionsFor(scope: NameScope): string | undefined {
    return advertisedInstructions(scope.server ? this.fleet.find(scope.server) : undefined, scope);
  }
}

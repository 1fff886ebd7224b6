import type {
  AuthorizationStart,
  CatalogChange,
  ListKind,
  ServerStatus,
  ServerView,
  ToolView,
} from "@mcp-hub/contracts";
import type { ServerConfig, StateStore } from "../config/index.js";
import { ServerNotFound, ToolNotFound } from "../errors/index.js";
import type { Hub } from "./hub.js";
import { toNamespaced } from "./naming.js";
import { tryTool, type TryToolCall, type TryItOutcome } from "./tryIt.js";

export type { ServerView, ToolView } from "@mcp-hub/contracts";

export interface HubCounts {
  servers: { total: number; ready: number };
  tools: number;
  sessions: number;
}

/** What the event stream hears: a server's state changed, or its lists did. */
export interface HubListener {
  status(status: ServerStatus): void;
  catalog(change: CatalogChange): void;
}

/**
 * The hub as the REST API sees it: servers, one server and its tools, counts, the lifecycle actions, logs,
 * discovery, the event subscription and the try-it session — and nothing of its insides.
 */
export interface HubControl {
  readonly version: string;
  counts(): HubCounts;
  servers(): ServerView[];
  server(name: string): ServerView;
  tools(name: string): ToolView[];
  logs(name: string): string[];
  add(config: ServerConfig): Promise<ServerView>;
  remove(name: string): Promise<void>;
  setEnabled(name: string, enabled: boolean): Promise<ServerView>;
  restart(name: string): Promise<ServerView>;
  /** An authorization page for a remote server behind OAuth, with the scopes it asks for. */
  authorize(name: string): Promise<AuthorizationStart>;
  /** Revokes the server's OAuth authorization; it then waits for the user to authorize again. */
  revokeAuthorization(name: string): Promise<ServerView>;
  /** Picks up labelled containers now (discovery also runs on a timer); resolves with their names. */
  discover(): Promise<string[]>;
  /** Returns the unsubscribe function. */
  subscribe(listener: HubListener): () => void;
  /** Throws ServerNotFound or ToolNotFound at once, before the call starts; the outcome says how the call went. */
  tryTool(call: TryToolCall): Promise<TryItOutcome>;
  /** An MCP ping to the server over its connection (the migration's last check); rejects when unanswered in time. */
  ping(name: string, timeoutMs: number): Promise<void>;
}

export function createHubControl(hub: Hub, options: { state: StateStore; startedAt: Date }): HubControl {
  const { fleet, catalog } = hub;
  const configOf = (name: string) => options.state.current().servers.find((s) => s.name === name);
  const names = () =>
    [...new Set([...fleet.names(), ...options.state.current().servers.map((s) => s.name)])].sort();

  // Disabled servers are in the state file but not in the fleet: they show too, as stopped.
  const view = (name: string): ServerView => {
    const config = configOf(name);
    const status = fleet.find(name)?.status() ?? (config && stoppedStatus(config, options.startedAt));
    if (!status) throw new ServerNotFound(name, fleet.names());
    const lists = catalog.get(name);
    const authorization = fleet.authorization(name);
    return {
      ...status,
      enabled: config?.enabled ?? true,
      config: config ?? null,
      counts: {
        tools: lists.tools.length,
        prompts: lists.prompts.length,
        resources: lists.resources.length,
        resourceTemplates: lists.resourceTemplates.length,
      },
      ...(authorization ? { authorization } : {}),
    };
  };
  /** Answers once the server's lists are in (or its first start failed), so the view counts them. */
  const settled = async (name: string) => {
    await hub.catalogued(name);
    return view(name);
  };

  return {
    version: hub.version,
    counts() {
      const statuses = fleet.statuses();
      return {
        servers: { total: statuses.length, ready: statuses.filter((s) => s.state === "ready").length },
        tools: catalog.servers().reduce((n, s) => n + catalog.get(s).tools.length, 0),
        sessions: hub.sessionCount(),
      };
    },
    servers: () => names().map(view),
    server: view,
    tools(name) {
      if (!fleet.find(name)) throw new ServerNotFound(name, fleet.names());
      return catalog.get(name).tools.map((t) => ({ ...t, namespacedName: toNamespaced(name, t.name) }));
    },
    logs: (name) => fleet.get(name).logs(),
    async add(config) {
      await fleet.add(config);
      return settled(config.name);
    },
    remove: (name) => fleet.remove(name),
    async setEnabled(name, enabled) {
      await fleet.setEnabled(name, enabled);
      return settled(name);
    },
    async restart(name) {
      await fleet.restart(name);
      return settled(name);
    },
    authorize: (name) => fleet.authorize(name),
    async revokeAuthorization(name) {
      await fleet.revokeAuthorization(name);
      return view(name);
    },
    async discover() {
      const discovered = await fleet.discover();
      await Promise.all(discovered.map((name) => hub.catalogued(name)));
      return discovered;
    },
    subscribe(listener) {
      const onStatus = (status: ServerStatus) => listener.status(status);
      const onCatalog = (server: string, kinds: ListKind[]) => listener.catalog({ server, kinds });
      fleet.on("status", onStatus);
      catalog.on("changed", onCatalog);
      return () => {
        fleet.off("status", onStatus);
        catalog.off("changed", onCatalog);
      };
    },
    tryTool(call) {
      if (!fleet.find(call.server)) throw new ServerNotFound(call.server, fleet.names());
      if (!catalog.get(call.server).tools.some((t) => t.name === call.tool))
        throw new ToolNotFound(call.server, call.tool);
      return tryTool(hub, call);
    },
    async ping(name, timeoutMs) {
      await fleet.get(name).client().ping({ timeout: timeoutMs });
    },
  };
}

/** The status of a configured server the hub is not running (disabled): it still shows, as stopped. */
function stoppedStatus(config: ServerConfig, since: Date): ServerStatus {
  return {
    name: config.name,
    kind: config.kind,
    transport: config.kind === "image" ? config.transport : config.kind === "builtin" ? "in-process" : "http",
    state: "stopped",
    since: since.toISOString(),
    restarts: 0,
    breaker: "closed",
  };
}

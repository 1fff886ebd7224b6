import type { OAuthClientProvider } from "@modelcontextprotocol/sdk/client/auth.js";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import type { ServerStatus } from "@mcp-hub/contracts";
import type { ServerConfig } from "../config/index.js";
import type { Logger } from "../log/index.js";
import type { ContainerRuntime, WorkloadInfo } from "../runtime/index.js";

export type { ServerState, ServerStatus } from "@mcp-hub/contracts";

export interface SupervisionOptions {
  backoffInitialMs?: number;
  backoffMaxMs?: number;
  breakerFailures?: number;
  breakerWindowMs?: number;
  breakerOpenMs?: number;
  pingIntervalMs?: number;
  pingTimeoutMs?: number;
  connectTimeoutMs?: number;
}

interface CommonOptions {
  runtime: ContainerRuntime;
  /** Hub-provided SDK Client with capabilities and handlers already set; the downstream connects it. */
  createClient: () => Client;
  /** After every successful initialize (first start and each restart). */
  onReady?: (client: Client) => void;
  onStatus?: (status: ServerStatus) => void;
  log: Logger;
  supervision?: SupervisionOptions;
}

/** One session with a built-in, and the container its instance fronts, if any. */
export interface BuiltinSession {
  transport: Transport;
  /** Its output joins the server's log; its exit fails the server (restarted with backoff). */
  container?: { id: string; exited: Promise<number> };
}

/** A built-in server the hub hosts in-process: each open() is a new MCP session with it. */
export interface BuiltinHost {
  /** Starts the module instance if needed and connects a fresh server to the other end of the returned transport. */
  open(): Promise<BuiltinSession>;
  /** Ends the instance (a later open() starts a new one). */
  close(): Promise<void>;
}

export interface DownstreamOptions extends CommonOptions {
  config: ServerConfig;
  /** For a config of kind "builtin": how to reach it. */
  builtin?: BuiltinHost;
  /** Values for config.secrets / headerSecrets names. */
  secrets: Record<string, string>;
  /**
   * For a remote server behind OAuth: what its transports authenticate with. It hands out the current access token
   * and fails a refused request with AuthorizationRequired when the user must act.
   */
  authProvider?: OAuthClientProvider;
  /** Extra container labels, e.g. { "mcp-hub.test": runId }. */
  labels?: Record<string, string>;
}

export interface DiscoveredDownstreamOptions extends CommonOptions {
  /** A running container labelled mcp.server that the hub did not create. */
  workload: WorkloadInfo;
}

export interface DownstreamSession {
  client: Client;
  close(): Promise<void>;
}

export interface DownstreamServer {
  readonly name: string;
  status(): ServerStatus;
  /** The connected client; throws DownstreamUnavailable or CircuitOpen when not ready. */
  client(): Client;
  /** Deploy/adopt + connect; resolves when ready OR when the first attempt failed (retries continue in background). */
  start(): Promise<void>;
  /** Stops supervision; stops and removes the container if `remove` (never for discovered containers). */
  stop(options?: { remove?: boolean }): Promise<void>;
  /** Fresh start: resets the breaker and, for hub-owned containers, replaces the container. */
  restart(): Promise<void>;
  /**
   * The server's authorization ended (refused renewal, revoked): drop the connection and wait in
   * "needs-authorization", without retrying, until restart() once the user has authorized.
   */
  requireAuthorization(reason: string): void;
  /** The server's stderr ring (plus the supervisor's own notes, prefixed "[hub]"). */
  logs(): string[];
  /** The hub reports call timeouts/transport failures (false) and successes (true) to the breaker. */
  recordOutcome(ok: boolean): void;
  /**
   * An extra downstream MCP session for one client session: stdio → docker exec of the same argv in the same
   * container; http/remote → a new HTTP MCP session. The caller closes it.
   */
  openSession(createClient: () => Client): Promise<DownstreamSession>;
}

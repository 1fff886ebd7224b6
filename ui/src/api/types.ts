/**
 * Shapes of the hub's REST answers, as the UI uses them. The sources of truth are in the backend:
 * api/routes.ts (status, servers, tools, audit), api/serverView.ts, downstream/types.ts (ServerStatus),
 * config/schema.ts (server config, settings), audit/auditEvent.ts, api/tryIt.ts, clients/operations.ts and
 * clients/setup.ts.
 */
export type ServerState = "starting" | "ready" | "restarting" | "stopped" | "failed" | "circuit-open";

export interface HubStatus {
  version: string;
  startedAt: string;
  uptimeSeconds: number;
  servers: { total: number; ready: number };
  tools: number;
  sessions: number;
}

export interface ImageServerConfig {
  kind: "image";
  name: string;
  image: string;
  transport?: "stdio" | "http";
  command?: string[];
  port?: number;
  env?: Record<string, string>;
  secrets?: string[];
  egress?: boolean;
  risk?: "low" | "medium" | "high";
  enabled?: boolean;
  description?: string;
}

export interface RemoteServerConfig {
  kind: "remote";
  name: string;
  url: string;
  headerSecrets?: Record<string, string>;
  risk?: "low" | "medium" | "high";
  enabled?: boolean;
  description?: string;
}

/** A server the hub hosts in-process from one of its modules (e.g. the docker tools). */
export interface BuiltinServerConfig {
  kind: "builtin";
  name: string;
  module: string;
  options?: Record<string, unknown>;
  risk?: "low" | "medium" | "high";
  enabled?: boolean;
  description?: string;
}

export type ServerConfig = ImageServerConfig | RemoteServerConfig | BuiltinServerConfig;

export interface ServerView {
  name: string;
  kind: "image" | "remote" | "discovered" | "builtin";
  transport: "stdio" | "http" | "in-process";
  state: ServerState;
  since: string;
  startedAt?: string;
  restarts: number;
  lastError?: string;
  breaker: "closed" | "open" | "half-open";
  containerId?: string;
  enabled: boolean;
  config: ServerConfig | null;
  counts: { tools: number; prompts: number; resources: number; resourceTemplates: number };
}

/** A JSON Schema as MCP tools declare their inputs; only what the try-it form understands is typed. */
export interface JsonSchema {
  type?: string | string[];
  title?: string;
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  enum?: unknown[];
  default?: unknown;
  items?: JsonSchema;
  minimum?: number;
  maximum?: number;
}

export interface ToolView {
  name: string;
  namespacedName: string;
  title?: string;
  description?: string;
  inputSchema: JsonSchema;
}

export type AuditOutcome = "ok" | "error" | "timeout" | "cancelled" | "denied";

export interface AuditEvent {
  time: string;
  client?: string;
  session?: string;
  transport?: string;
  server: string;
  method: string;
  name?: string;
  argsHash?: string;
  outcome: AuditOutcome;
  error?: string;
  latencyMs: number;
}

export interface AuditQuery {
  server?: string;
  outcome?: AuditOutcome;
  limit?: number;
}

export interface Settings {
  callTimeoutMs: number;
  registryPort: number;
  readOnly: boolean;
  /** The host port MCP clients and the dashboard use; read-only, absent if the hub cannot tell. */
  hubPort?: number;
}

export interface Progress {
  progress: number;
  total?: number;
  message?: string;
}

export interface ToolContent {
  type: string;
  text?: string;
  [key: string]: unknown;
}

export type ToolCallOutcome =
  | {
      outcome: "ok";
      result: { content?: ToolContent[]; structuredContent?: unknown; isError?: boolean };
      progress: Progress[];
      latencyMs: number;
    }
  | {
      outcome: "error" | "timeout" | "cancelled";
      error: { code: number; message: string };
      progress: Progress[];
      latencyMs: number;
    };

export type ClientAction = "preview" | "connect" | "disconnect" | "restore";

export interface ClientStatus {
  client: string;
  displayName: string;
  scope: string;
  installed: boolean;
  file: string;
  fileExists: boolean;
  /** Whether a backup from before the hub's first change exists (absent from helpers older than this field). */
  hasBackup?: boolean;
  transports: string[];
  afterChange: string;
  status: "not-configured" | "connected" | "conflicting" | "invalid";
  transport?: string;
  error?: { message?: string; line?: number; column?: number };
}

export type Platform = "linux" | "darwin" | "win32";

/** One way to wire a client by hand: the entry `connect` would write, and the host helper command that writes it. */
export interface ClientSetupOption {
  transport: "stdio" | "http";
  entry: Record<string, unknown>;
  /** The whole file connect creates where there is none. */
  newFile: string;
  command: string;
  token?: { from: "env"; name: string } | { from: "prompt" };
}

export interface ClientSetup {
  client: string;
  displayName: string;
  file: string;
  serversPath: string[];
  entryName: string;
  options: ClientSetupOption[];
  afterChange: string;
}

/** GET /api/clients/setup: answers even where the hub cannot edit client files. */
export interface ClientSetupGuide {
  platform: Platform;
  /** The home the paths start at; a placeholder (~, %USERPROFILE%) unless exactHome. */
  home: string;
  exactHome: boolean;
  clients: ClientSetup[];
}

/** Events of GET /api/events (api/events.ts). */
export type HubEvent =
  | { event: "hello"; data: { servers: unknown[] } }
  | { event: "status"; data: { name: string; state: ServerState } }
  | { event: "catalog"; data: { server: string; kinds: string[] } }
  | { event: "audit"; data: AuditEvent };

/** GET /api/docker: what the docker tools created (backend/src/builtin/docker/createdResources.ts). */
export interface DockerResources {
  engine: { reachable: true } | { reachable: false; error: string };
  stacks: { name: string; services: number; running: number; healthy: number }[];
  containers: {
    id: string;
    name: string;
    image: string;
    state: string;
    status: string;
    health?: string;
    stack?: string;
    service?: string;
    createdBy: string;
    createdAt?: string;
  }[];
  images: { id: string; tags: string[]; size: number; createdAt?: string; stack?: string }[];
  volumes: { name: string; stack?: string; createdAt?: string }[];
  networks: { name: string; internal: boolean; stack?: string; createdAt?: string }[];
}

/**
 * The hub's REST shapes come from @mcp-hub/contracts: the zod schemas the hub checks requests with and writes its
 * answers through. The UI imports their types only (no zod at run time, except where it checks a name or the risk
 * level in a link). What this file adds is the UI's own reading of a shape.
 */
export type {
  AuditEvent,
  Candidate,
  Choice,
  ClientId,
  EntryKind,
  FileRewrite,
  MigrateScanOutput,
  MigrationStep,
  PathArgument,
  Plan,
  PlannedServer,
  PlanRequest,
  Report,
  RewriteOutcome,
  RiskLevel,
  Run,
  RunsResponse,
  RunEvent,
  RunState,
  Scan,
  ScannedFile,
  ScanRequest,
  ScriptFolder,
  ServerRun,
  ServerRunState,
  SkippedEntry,
  AuthorizationStart,
  AuthorizationView,
  AuditEventsResponse,
  AuditOutcome,
  AuditQuery,
  ClientAction,
  ClientActionResults,
  ClientPreview,
  ClientSetupGuide,
  ClientSetupOption,
  ClientsResponse,
  ClientStatus,
  ConnectResult,
  ContentBlock,
  DisconnectResult,
  HubEvent,
  HubStatus,
  Platform,
  GarbageCollection,
  GarbageCollectionEvent,
  Progress,
  RegistryDeleted,
  RegistryRepository,
  RegistryResponse,
  RegistryStatus,
  RegistryTag,
  RegistryTagResponse,
  RestoreResult,
  ServerConfigInput,
  ServerAction,
  ServerLogsResponse,
  ServersResponse,
  ServerState,
  ServerView,
  SettingsPatch,
  SettingsResponse,
  SettingsView,
  TokenRotateResponse,
  ToolsResponse,
  ToolView,
  TryItEvent,
  TryItOutcome,
} from "@mcp-hub/contracts";
export type { AgentAddInput, AgentsResponse, AgentView } from "@mcp-hub/contracts";
/** What the docker tools created (GET /api/docker). */
export type { CreatedResources as DockerResources } from "@mcp-hub/contracts";

/**
 * A JSON Schema as MCP tools declare their inputs, as far as the try-it form understands it (the contract types a
 * tool's property schemas as unknown JSON).
 */
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

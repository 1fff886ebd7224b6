/** Client config writers: detect, preview, connect, disconnect and restore the hub entry in MCP client configs. */
export {
  connect,
  detectClients,
  disconnect,
  previewConnect,
  previewDisconnect,
  restore,
} from "./operations.js";
export type { ConnectOptions, DisconnectOptions } from "./operations.js";
export { CLIENTS, findClient } from "./definitions/index.js";
export { DEFAULT_HUB_ENTRY, bridgeArgs, resolveHubEntryOptions } from "./entries.js";
export {
  ClientConfigBusy,
  ClientConfigInvalid,
  ClientEntryConflict,
  ClientOptionUnsupported,
  UnknownClient,
} from "./errors.js";
export { hostEnvContext } from "./hostEnv.js";
export {
  HOST_ENV_NAMES,
  HOST_ENV_PREFIX,
  hostMountFromEnv,
  mountedEnvContext,
  PLATFORMS,
  type HostMount,
  type HostMountFromEnv,
} from "./mountedHost.js";
export { clientSetup, HOST_HELPERS, placeholderEnv } from "./setup.js";
export { resolveTarget } from "./target.js";
// Whether a file is there (missing is false, other errors throw), for the migration's stored script folders too.
export { pathExists } from "./configFile.js";
// JSONC documents, for the migration that reads entries out of client files and writes them back edited.
export { isObject, parseDoc, serialize, setAt, valueAt, type JsonDoc } from "./jsonDoc.js";
// The migration's rewrites: the hub entry as `connect` plans it, and the whole-file write with connect's backup.
export { planConnect, type PlanContext } from "./plan.js";
export { rewriteConfigFile, type RewriteResult } from "./rewrite.js";
export type { Target, TargetOptions } from "./target.js";
export { CLIENT_IDS } from "./types.js";
export type {
  ClientDefinition,
  ClientId,
  EnvContext,
  HubEntryOptions,
  Json,
  JsonObject,
  Platform,
  Scope,
  Transport,
} from "./types.js";

export * from "./schema.js";
export { createStateStore, STATE_FILE, type StateStore, type StateUpdater } from "./stateStore.js";
export { createSecretStore, SECRETS_FILE, type SecretStore } from "./secretStore.js";
export {
  loadOrCreateToken,
  REGISTRY_TOKEN_FILE,
  rotateToken,
  tokenFile,
  tokenMatches,
  TOKEN_FILE,
} from "./token.js";
export { ensureDataDir, PRIVATE_FILE_MODE, writeFileAtomic } from "./atomicWrite.js";
export {
  lineColumn,
  parseJsonFile,
  parseValidJsonFile,
  toFieldIssues,
  toFieldPath,
  type FieldIssue,
} from "./jsonFile.js";

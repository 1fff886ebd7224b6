export {
  Authorizations,
  CALLBACK_PATH,
  redirectUriFor,
  usesOAuth,
  type AuthorizationsOptions,
  type CallbackOutcome,
} from "./authorizations.js";
export {
  AUTHORIZATIONS_FILE,
  createAuthorizationStore,
  type AuthorizationStore,
} from "./authorizationStore.js";
export { callbackPage, CALLBACK_PAGE_HEADERS } from "./callbackPage.js";
export { FLOW_TTL_MS } from "./pendingFlows.js";

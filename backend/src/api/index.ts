export { API_BODY_LIMIT, apiRoutes, type ApiOptions } from "./routes.js";
export { ZOD_SCHEMA_COMPILERS } from "./zodCompilers.js";
export { oauthCallback } from "./authorization.js";
export type { AgentsApi } from "./agents.js";

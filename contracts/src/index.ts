/**
 * MCP Hub's wire shapes: zod schemas for every request and response of the REST API under /api (and its
 * server-sent events), with the types inferred from them. The hub validates and serializes with these schemas; the
 * UI and the CLI use the types. Imports nothing but zod.
 */
export * from "./names.js";
export * from "./serverConfig.js";
export * from "./settings.js";
export * from "./servers.js";
export * from "./authorization.js";
export * from "./audit.js";
export * from "./secrets.js";
export * from "./clients.js";
export * from "./tryIt.js";
export * from "./events.js";
export * from "./registry.js";
export * from "./migrate.js";
export * from "./scriptFolders.js";
export * from "./docker.js";
export * from "./agents.js";
export * from "./errors.js";
export * from "./migrateCli.js";

export { mcpTransport, MCP_BODY_LIMIT, type McpTransportOptions } from "./plugin.js";
export { createGuard, refuse, viaUnixSocket, type Guard, type GuardOptions } from "./guard.js";

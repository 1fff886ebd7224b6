export { createMcpEndpoint, mcpTransport, MCP_BODY_LIMIT, type McpTransportOptions } from "./plugin.js";
export { createGuard, refuse, viaUnixSocket, type Guard, type GuardOptions } from "./guard.js";
export { createFastLane, type FastLane } from "./fastLane.js";
export { HELMET_OPTIONS } from "./securityHeaders.js";
export { commentFrame, jsonEvent, openEventStream } from "./eventStream.js";

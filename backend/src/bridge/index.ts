/** The stdio bridge: the entry of the mcp-hub-bridge image (src/bridge.ts runs runBridge). */
export { runBridge } from "./run.js";
export { BridgePipe, HUB_UNAVAILABLE } from "./pipe.js";
export { DEFAULT_HUB_URL, DEFAULT_TOKEN_FILE, parseBridgeArgs, type BridgeOptions } from "./options.js";

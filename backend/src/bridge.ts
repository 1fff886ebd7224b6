import { runBridge } from "./bridge/index.js";

/** Entry of the mcp-hub-bridge image: stdio MCP in, the hub's Streamable HTTP out. */
const code = await runBridge(process.argv.slice(2));
// Open sockets (the hub's event stream) would keep the process alive; the pipe is closed, so leave now.
process.exit(code);

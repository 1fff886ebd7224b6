import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { VERSION } from "../version.js";
import { createBridgeLog } from "./log.js";
import { parseBridgeArgs, USAGE } from "./options.js";
import { BridgePipe } from "./pipe.js";

/**
 * Runs the bridge on this process's stdin/stdout until stdin ends (the client closed it: exit 0) or a signal
 * arrives. stdout carries nothing but protocol messages; usage errors and logs go to stderr.
 */
export async function runBridge(
  argv: string[],
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<number> {
  const parsed = parseBridgeArgs(argv, env);
  if (parsed.kind === "help") {
    process.stderr.write(USAGE);
    return 0;
  }
  if (parsed.kind === "error") {
    process.stderr.write(`mcp-hub-bridge: ${parsed.message}\n\n${USAGE}`);
    return 2;
  }
  const { options } = parsed;
  const log = createBridgeLog({ level: options.logLevel, client: options.client });
  const stdio = new StdioServerTransport(process.stdin, process.stdout);
  const pipe = new BridgePipe(options, log, (message) => stdio.send(message));
  stdio.onmessage = (message) => pipe.fromClient(message);
  // A line that is not JSON-RPC cannot be forwarded or answered (no id): say so where the user can see it.
  stdio.onerror = (error) => log.warn(`ignored a message from the client: ${error.message}`);
  log.debug(`mcp-hub-bridge ${VERSION} → ${options.url.href}`);

  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (why: string) => {
      if (stopping) return;
      stopping = true;
      log.debug(`stopping: ${why}`);
      void pipe
        .close()
        .catch(() => undefined)
        .finally(() => resolve(0));
    };
    process.stdin.once("end", () => stop("stdin closed"));
    process.stdin.once("close", () => stop("stdin closed"));
    // The client went away without closing our stdin first: nothing left to talk to.
    process.stdout.on("error", () => stop("stdout closed"));
    process.once("SIGTERM", () => stop("SIGTERM"));
    process.once("SIGINT", () => stop("SIGINT"));
    void stdio.start();
  });
}

import { parseArgs } from "node:util";
import { errorMessage } from "../errors/index.js";
import { isLogLevel, type LogLevel } from "./log.js";

/** Where the hub is on the `mcp-hub` Docker network: its container name, and its alias in Docker Desktop. */
export const DEFAULT_HUB_URL = "http://mcp-hub:3010/mcp";
/** The hub's data volume is mounted read-only at /data; the hub writes its token there on first start. */
export const DEFAULT_TOKEN_FILE = "/data/token";
/** How long the bridge waits for the hub (first start, or a restart mid-session) before it gives up. */
export const DEFAULT_WAIT_SECONDS = 60;

export interface BridgeOptions {
  url: URL;
  /** Client identity sent as X-MCP-Hub-Client (audit, per-client profiles); absent = the hub uses clientInfo.name. */
  client?: string;
  /** Token from MCP_HUB_TOKEN; when absent the bridge reads `tokenFile` (again after a 401: rotation). */
  token?: string;
  tokenFile: string;
  waitMs: number;
  logLevel: LogLevel;
}

export type ParsedArgs =
  { kind: "run"; options: BridgeOptions } | { kind: "help" } | { kind: "error"; message: string };

export const USAGE = `Usage: docker run -i --rm --init --network mcp-hub -v mcp-hub-data:/data:ro mcp-hub-bridge [options]

Speaks MCP over stdin/stdout and forwards every message to the MCP Hub's Streamable HTTP endpoint.

Options:
  --client <name>      client identity for the hub's audit log (e.g. claude-desktop)
  --url <url>          hub endpoint (default ${DEFAULT_HUB_URL})
  --token-file <path>  file holding the hub token (default ${DEFAULT_TOKEN_FILE}); MCP_HUB_TOKEN overrides it
  --wait <seconds>     how long to wait for the hub to come up or back (default ${DEFAULT_WAIT_SECONDS})
  --log-level <level>  error, warn, info (default) or debug; logs go to stderr
  --help               show this help
`;

const CLIENT_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export function parseBridgeArgs(
  argv: string[],
  env: Readonly<Record<string, string | undefined>>,
): ParsedArgs {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        client: { type: "string" },
        url: { type: "string" },
        "token-file": { type: "string" },
        wait: { type: "string" },
        "log-level": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (error) {
    return { kind: "error", message: errorMessage(error) };
  }
  if (values.help) return { kind: "help" };

  const client = values.client ?? env.MCP_HUB_CLIENT;
  // It becomes an HTTP header value: keep it to a simple word.
  if (client !== undefined && !CLIENT_NAME.test(client))
    return { kind: "error", message: `--client must be a simple name like claude-desktop, got "${client}"` };
  let url: URL;
  try {
    url = new URL(values.url ?? DEFAULT_HUB_URL);
  } catch {
    return { kind: "error", message: `--url is not a URL: ${values.url}` };
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    return { kind: "error", message: `--url must be http(s), got ${url.protocol}` };
  const wait = Number(values.wait ?? DEFAULT_WAIT_SECONDS);
  if (!Number.isFinite(wait) || wait < 0)
    return { kind: "error", message: `--wait must be a number of seconds, got ${values.wait}` };
  const level = values["log-level"] ?? env.LOG_LEVEL ?? "info";
  if (!isLogLevel(level))
    return { kind: "error", message: `--log-level must be error, warn, info or debug, got ${level}` };

  return {
    kind: "run",
    options: {
      url,
      client,
      token: env.MCP_HUB_TOKEN?.trim() || undefined,
      tokenFile: values["token-file"] ?? DEFAULT_TOKEN_FILE,
      waitMs: wait * 1000,
      logLevel: level,
    },
  };
}

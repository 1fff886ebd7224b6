/**
 * The bridge's logger. stdout belongs to the MCP protocol, so every line goes to stderr, where MCP clients collect
 * a server's diagnostics (Claude Desktop: mcp-server-<name>.log). Plain text, because people read these files.
 */
export type LogLevel = "error" | "warn" | "info" | "debug";
const RANK: Record<LogLevel, number> = { error: 0, warn: 1, info: 2, debug: 3 };

export interface BridgeLog {
  error(message: string): void;
  warn(message: string): void;
  info(message: string): void;
  debug(message: string): void;
}

export function createBridgeLog(options: {
  level: LogLevel;
  client?: string;
  write?: (line: string) => void;
}): BridgeLog {
  const write = options.write ?? ((line: string) => void process.stderr.write(line));
  const tag = options.client ? `mcp-hub-bridge[${options.client}]` : "mcp-hub-bridge";
  const at =
    (level: LogLevel) =>
    (message: string): void => {
      if (RANK[level] <= RANK[options.level])
        write(`${new Date().toISOString()} ${tag} ${level}: ${message}\n`);
    };
  return { error: at("error"), warn: at("warn"), info: at("info"), debug: at("debug") };
}

export function isLogLevel(value: string | undefined): value is LogLevel {
  return value !== undefined && value in RANK;
}

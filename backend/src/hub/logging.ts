import { LoggingLevelSchema, type LoggingLevel } from "@modelcontextprotocol/sdk/types.js";
import type { ClientSession } from "./session.js";

const LEVELS = LoggingLevelSchema.options;

/**
 * Logging, the MCP utility: each session sets its own level (`logging/setLevel` is answered by the hub, never
 * forwarded, so one client cannot silence another) and hears servers' log messages at or above it.
 */
export function atOrAbove(level: string, threshold: LoggingLevel | undefined): boolean {
  if (!threshold) return true;
  return LEVELS.indexOf(level as LoggingLevel) >= LEVELS.indexOf(threshold);
}

/** A server's log message to one session, at or above its level; on /mcp the logger names the server. */
export function relayLog(
  session: ClientSession,
  server: string,
  params: { level: string; logger?: string; data?: unknown },
): void {
  if (!atOrAbove(params.level, session.logLevel)) return;
  const logger = session.scope.server
    ? params.logger
    : `${server}${params.logger ? `/${params.logger}` : ""}`;
  void session.server
    .notification({ method: "notifications/message", params: { ...params, logger } as never })
    .catch(() => undefined);
}

import { pino, type Logger } from "pino";

export type { Logger };

/** Paths pino blanks out wherever they appear, so secret values never reach a log line. */
const REDACT = [
  "env",
  "*.env",
  "secrets",
  "*.secrets",
  "token",
  "*.token",
  "headers.authorization",
  "req.headers.authorization",
  // OAuth (oauth/): the hub never logs these objects; should one slip into a log call, its values do not.
  "tokens",
  "*.tokens",
  "access_token",
  "*.access_token",
  "refresh_token",
  "*.refresh_token",
  "client_secret",
  "*.client_secret",
];

export function createLogger(options: { level?: string; destination?: number | string } = {}): Logger {
  return pino(
    {
      level: options.level ?? process.env.LOG_LEVEL ?? "info",
      redact: { paths: REDACT, censor: "[redacted]" },
    },
    pino.destination({ dest: options.destination ?? 2, sync: false }),
  );
}

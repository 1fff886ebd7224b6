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

import type { IncomingMessage, ServerResponse } from "node:http";
import helmet from "helmet";

/** helmet's options for every response the hub sends (app.ts registers @fastify/helmet with them). */
export const HELMET_OPTIONS = {
  // The dashboard is a single-origin app whose script/style policy comes from its own build; JSON needs none.
  contentSecurityPolicy: false,
  crossOriginResourcePolicy: { policy: "same-origin" },
} as const;

/**
 * The headers helmet sets with HELMET_OPTIONS, read once: with no CSP nonces they are the same for every
 * response, so the MCP fast lane (fastLane.ts) sends this constant instead of running helmet per request.
 */
export function securityHeaders(): Record<string, string> {
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader: (name: string, value: string) => void (headers[name.toLowerCase()] = String(value)),
    removeHeader: (name: string) => void delete headers[name.toLowerCase()],
  } as unknown as ServerResponse;
  helmet(HELMET_OPTIONS)({} as IncomingMessage, recorder, () => undefined);
  return headers;
}

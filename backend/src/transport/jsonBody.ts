import type { ServerResponse } from "node:http";
import type { FastifyInstance } from "fastify";
import type { JsonRpcId } from "./classify.js";

/** Marks a body that was not valid JSON, so MCP routes answer with JSON-RPC's parse error (-32700). */
export const MALFORMED = Symbol("malformed JSON");

/** A JSON body's value: undefined when empty, MALFORMED when it is not JSON. */
export function parseJsonBody(text: string): unknown {
  if (text === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return MALFORMED;
  }
}

/**
 * MCP endpoints parse JSON themselves: fastify's own 400 (bad JSON) or 415 (another content type) would not be a
 * JSON-RPC error. Other content types reach the route without a body, and the MCP transport answers 415 as the SDK
 * does; the fast lane (fastLane.ts) decides the same way.
 */
export function acceptRawJson(app: FastifyInstance): void {
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser("application/json", { parseAs: "string" }, (_req, body, done) =>
    done(null, parseJsonBody(body as string)),
  );
  app.removeContentTypeParser("text/plain");
  app.addContentTypeParser("*", { parseAs: "string" }, (_req, _body, done) => done(null, undefined));
}

/**
 * A JSON-RPC error response. Without `id` it answers no particular request (the HTTP layer refused the body before
 * it was read as one).
 */
export const jsonRpcError = (
  code: number,
  message: string,
  { id = null, data }: { id?: JsonRpcId; data?: unknown } = {},
) => ({
  jsonrpc: "2.0" as const,
  id,
  error: { code, message, ...(data === undefined ? {} : { data }) },
});

export const parseError = jsonRpcError(-32700, "Parse error: the body is not valid JSON");

/** A JSON answer on a raw response (the fast lane, hijacked routes), typed as fastify types the JSON it sends. */
export function sendJson(
  res: ServerResponse,
  status: number,
  value: unknown,
  headers: Record<string, string> = {},
): void {
  const body = JSON.stringify(value);
  res
    .writeHead(status, {
      "content-type": "application/json; charset=utf-8",
      "content-length": Buffer.byteLength(body),
      ...headers,
    })
    .end(body);
}

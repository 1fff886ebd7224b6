import type { ServerResponse } from "node:http";
import type { FastifyInstance } from "fastify";

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

/** MCP endpoints parse JSON themselves: fastify's own 400 would not be a JSON-RPC error. */
export function acceptRawJson(app: FastifyInstance): void {
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser("application/json", { parseAs: "string" }, (_req, body, done) =>
    done(null, parseJsonBody(body as string)),
  );
}

export const parseError = {
  jsonrpc: "2.0",
  id: null,
  error: { code: -32700, message: "Parse error: the body is not valid JSON" },
};

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

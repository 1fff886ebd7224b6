import type { FastifyInstance } from "fastify";

/** Marks a body that was not valid JSON, so MCP routes answer with JSON-RPC's parse error (-32700). */
export const MALFORMED = Symbol("malformed JSON");

/** MCP endpoints parse JSON themselves: fastify's own 400 would not be a JSON-RPC error. */
export function acceptRawJson(app: FastifyInstance): void {
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser("application/json", { parseAs: "string" }, (_req, body, done) => {
    try {
      done(null, body === "" ? undefined : JSON.parse(body as string));
    } catch {
      done(null, MALFORMED);
    }
  });
}

export const parseError = {
  jsonrpc: "2.0",
  id: null,
  error: { code: -32700, message: "Parse error: the body is not valid JSON" },
};

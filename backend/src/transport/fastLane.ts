import type { IncomingMessage, ServerResponse } from "node:http";
import { isJsonContentType } from "@modelcontextprotocol/sdk/shared/mediaType.js";
import { refuseRaw, type Guard } from "./guard.js";
import { jsonRpcError, parseJsonBody, sendJson } from "./jsonBody.js";
import { securityHeaders } from "./securityHeaders.js";
import type { StreamableHttp } from "./streamableHttp.js";

/** /mcp or /servers/<name>/mcp, with an optional query string. */
const MCP_PATH = /^\/(?:mcp|servers\/([^/?]+)\/mcp)(?:\?.*)?$/;

/** Handles the request and returns true, or returns false (and touches nothing) to leave it to fastify. */
export type FastLane = (req: IncomingMessage, res: ServerResponse) => boolean;

/**
 * POSTs on an established MCP session — nearly all MCP traffic — served straight from node's HTTP server: the
 * same guard, security headers, body cap and JSON parse as the fastify route (plugin.ts), without its per-request
 * routing, hooks and child logger, which cost more than the hub's own work on a call. Everything else (initialize,
 * GET streams, DELETE, 2026-07-28 requests, which carry no session id) goes through fastify.
 */
export function createFastLane(options: {
  guard: Guard;
  streamable: StreamableHttp;
  bodyLimit: number;
}): FastLane {
  const headers = Object.entries(securityHeaders());
  return (req, res) => {
    const sessionId = req.headers["mcp-session-id"];
    if (req.method !== "POST" || typeof sessionId !== "string") return false;
    const match = MCP_PATH.exec(req.url ?? "");
    if (!match) return false;
    let server: string | undefined;
    try {
      server = match[1] === undefined ? undefined : decodeURIComponent(match[1]);
    } catch {
      return false; // a malformed escape: fastify answers it as it answers any bad URL
    }
    for (const [name, value] of headers) res.setHeader(name, value);
    const refusal = options.guard.refusalFor(req);
    if (refusal) {
      req.resume();
      refuseRaw(res, refusal);
      return true;
    }
    readBody(req, options.bodyLimit)
      .then(
        (text) => options.streamable.serveSession(req, res, sessionId, server, parseJson(req, text)),
        (error: unknown) => tooLarge(res, error),
      )
      .catch((error: unknown) => {
        // serveSession answers its own failures; this is a bug's last resort, so the client is not left hanging.
        if (!res.headersSent) res.writeHead(500).end();
        req.socket.destroy(error instanceof Error ? error : undefined);
      });
    return true;
  };
}

class BodyTooLarge extends Error {}

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    if (Number(req.headers["content-length"] ?? 0) > limit) return reject(new BodyTooLarge());
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners("data");
        return reject(new BodyTooLarge());
      }
      chunks.push(chunk);
    });
    req.on("end", () =>
      resolve(chunks.length === 1 ? chunks[0]!.toString() : Buffer.concat(chunks).toString()),
    );
    req.on("error", reject);
  });
}

/** As the fastify route's parser (jsonBody.ts): JSON bodies parsed, bad JSON marked, other types left undefined. */
function parseJson(req: IncomingMessage, text: string): unknown {
  return isJsonContentType(req.headers["content-type"]) ? parseJsonBody(text) : undefined;
}

function tooLarge(res: ServerResponse, error: unknown): void {
  if (!(error instanceof BodyTooLarge)) throw error;
  // The rest of the body is not read: close the connection after the answer rather than parse it as a request.
  sendJson(res, 413, jsonRpcError(-32600, "Request body is too large"), { connection: "close" });
}

import type { IncomingHttpHeaders, ServerResponse } from "node:http";
import type { FastifyReply } from "fastify";
import { tokenMatches } from "../config/index.js";
import { jsonRpcError, sendJson } from "./jsonBody.js";

/** Hosts a browser may legitimately name when it talks to us; anything else smells of DNS rebinding. */
const DEFAULT_ALLOWED_HOSTS = ["localhost", "127.0.0.1", "[::1]", "::1", "mcp-hub", "host.docker.internal"];

export interface GuardOptions {
  token: () => string;
  /** Extra host names (HUB_ALLOWED_HOSTS), e.g. a reverse proxy's. */
  allowedHosts?: string[];
  /** Extra origins allowed besides same-host loopback ones. */
  allowedOrigins?: string[];
}

export type GuardVerdict = { ok: true } | { ok: false; status: 401 | 403; message: string };
export type Refusal = Exclude<GuardVerdict, { ok: true }>;

/** What the checks read: a fastify request and a raw IncomingMessage both fit. */
export interface GuardedRequest {
  headers: IncomingHttpHeaders;
  socket: { remoteAddress?: string; remotePort?: number };
}

/** Requests over the extension's Unix socket come from Docker Desktop itself: no browser can reach it. */
export function viaUnixSocket(request: GuardedRequest): boolean {
  return !request.socket.remoteAddress && !request.socket.remotePort;
}

function hostnameOf(hostHeader: string | undefined): string | undefined {
  if (!hostHeader) return undefined;
  if (hostHeader.startsWith("[")) return hostHeader.slice(0, hostHeader.indexOf("]") + 1);
  return hostHeader.split(":")[0]?.toLowerCase();
}

export function createGuard(options: GuardOptions) {
  const hosts = new Set(
    [...DEFAULT_ALLOWED_HOSTS, ...(options.allowedHosts ?? [])].map((h) => h.toLowerCase()),
  );
  const origins = new Set(options.allowedOrigins ?? []);

  /** Host and Origin checks against DNS rebinding (MCP transport spec, "Security Warning"). */
  function checkOrigin(request: GuardedRequest): GuardVerdict {
    if (viaUnixSocket(request)) return { ok: true };
    const host = hostnameOf(request.headers.host);
    if (!host || !hosts.has(host))
      return {
        ok: false,
        status: 403,
        message: `Host "${request.headers.host ?? ""}" is not allowed (DNS rebinding protection); set HUB_ALLOWED_HOSTS to allow it`,
      };
    const origin = request.headers.origin;
    if (origin && origin !== "null" && !origins.has(origin)) {
      let originHost: string | undefined;
      try {
        originHost = hostnameOf(new URL(origin).host);
      } catch {
        originHost = undefined;
      }
      if (!originHost || !hosts.has(originHost))
        return { ok: false, status: 403, message: `Origin "${origin}" is not allowed` };
    }
    return { ok: true };
  }

  function checkToken(request: GuardedRequest): GuardVerdict {
    if (viaUnixSocket(request)) return { ok: true };
    const header = request.headers.authorization ?? "";
    const presented = header.startsWith("Bearer ") ? header.slice(7).trim() : "";
    if (presented && tokenMatches(options.token(), presented)) return { ok: true };
    return {
      ok: false,
      status: 401,
      message: presented
        ? "invalid token (run `mcp-hub token` to see the current one)"
        : "missing bearer token: send 'Authorization: Bearer <token>' (run `mcp-hub token` to see it)",
    };
  }

  /** Both checks, Host/Origin first: the refusal to send, or undefined when the request may pass. */
  function refusalFor(request: GuardedRequest): Refusal | undefined {
    const origin = checkOrigin(request);
    if (!origin.ok) return origin;
    const token = checkToken(request);
    return token.ok ? undefined : token;
  }

  return { checkOrigin, checkToken, refusalFor };
}

export type Guard = ReturnType<typeof createGuard>;

/** JSON-RPC shaped refusals for MCP endpoints, plain JSON for the rest. */
export function refuse(reply: FastifyReply, verdict: Refusal, jsonRpc: boolean) {
  reply.headers(challenge(verdict));
  return jsonRpc
    ? reply.code(verdict.status).send(jsonRpcRefusal(verdict))
    : reply
        .code(verdict.status)
        .send({ error: verdict.status === 401 ? "unauthorized" : "forbidden", message: verdict.message });
}

/** refuse() for MCP endpoints on a raw response (the fast lane has no fastify reply). */
export function refuseRaw(res: ServerResponse, verdict: Refusal): void {
  sendJson(res, verdict.status, jsonRpcRefusal(verdict), challenge(verdict));
}

const jsonRpcRefusal = (verdict: Refusal) => jsonRpcError(-32001, verdict.message);

/** A 401 says which scheme to use. */
const challenge = (verdict: Refusal): Record<string, string> =>
  verdict.status === 401 ? { "www-authenticate": 'Bearer realm="mcp-hub"' } : {};

import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { isJsonContentType } from "@modelcontextprotocol/sdk/shared/mediaType.js";
import { isInitializeRequest } from "@modelcontextprotocol/sdk/types.js";
import type { ClientSession, Hub, NameScope } from "../hub/index.js";
import { classify } from "./classify.js";
import { createSessionEventStore } from "./eventStore.js";
import { invalidInitialize } from "./invalidInitialize.js";
import {
  ALLOWED_METHODS,
  METHOD_NOT_ALLOWED,
  SessionTransport,
  UNSUPPORTED_MEDIA_TYPE,
} from "./sessionTransport.js";
import { createStatelessHttp } from "./stateless.js";
import { jsonRpcError, MALFORMED, parseError, sendJson } from "./jsonBody.js";

/** A session nobody has used for this long is closed (clients often never send DELETE). */
const SESSION_IDLE_MS = 30 * 60_000;
/** Sent in the priming event (2025-11-25+): how soon a client whose stream dropped should resume it. */
const RECONNECT_AFTER_MS = 1000;

interface Entry {
  transport: SessionTransport;
  session: ClientSession;
  scopeKey: string;
  lastSeen: number;
}

export interface StreamableHttpOptions {
  hub: Hub;
  /**
   * The name scope of /mcp (server undefined) or /servers/<server>/mcp, or undefined when there is no such
   * server.
   */
  scopeOf: (server: string | undefined) => { key: string; scope: NameScope } | undefined;
}

const NO_SUCH_SERVER = jsonRpcError(-32001, "No such server");
const NO_SUCH_SESSION = jsonRpcError(-32001, "Session not found; initialize a new session");

/** Streamable HTTP (2025-03-26 … 2025-11-25): sessions, the GET stream, DELETE; 2026-07-28 goes to stateless.ts. */
export function createStreamableHttp({ hub, scopeOf }: StreamableHttpOptions) {
  const sessions = new Map<string, Entry>();
  const stateless = createStatelessHttp({ hub });
  const reaper = setInterval(() => {
    const now = Date.now();
    for (const [id, entry] of sessions)
      if (now - entry.lastSeen > SESSION_IDLE_MS)
        void entry.transport.close().finally(() => sessions.delete(id));
  }, 60_000);
  reaper.unref();

  /**
   * A request on an established session — the hot path, which fastLane.ts calls without fastify. `server` is the
   * route's server name (undefined for /mcp); `body` the parsed JSON of a POST.
   */
  async function serveSession(
    req: IncomingMessage,
    res: ServerResponse,
    sessionId: string,
    server: string | undefined,
    body: unknown,
  ): Promise<void> {
    const resolved = scopeOf(server);
    if (!resolved) return sendJson(res, 404, NO_SUCH_SERVER);
    if (body === MALFORMED) return sendJson(res, 400, parseError);
    await toSession(req, res, sessionId, resolved.key, body);
  }

  /** Hands the request to its session, once the route's scope is resolved and the body is known to be JSON. */
  async function toSession(
    req: IncomingMessage,
    res: ServerResponse,
    sessionId: string,
    scopeKey: string,
    body: unknown,
  ): Promise<void> {
    const entry = sessions.get(sessionId);
    if (!entry || entry.scopeKey !== scopeKey) return sendJson(res, 404, NO_SUCH_SESSION);
    entry.lastSeen = Date.now();
    await entry.transport.handleRequest(req, res, body);
  }

  async function handle(request: FastifyRequest, reply: FastifyReply) {
    const server = (request.params as { name?: string }).name;
    const resolved = scopeOf(server);
    if (!resolved) return reply.code(404).send(NO_SUCH_SERVER);
    const body = request.body;
    if (body === MALFORMED) return reply.code(400).send(parseError);
    // Dual-era endpoint: a POST in the 2026-07-28 shape is answered on its own, without a session.
    if (classify({ method: request.method, headers: request.headers, body }).era === "modern")
      return stateless.handle(request, reply, resolved.scope);
    const sessionId = request.headers["mcp-session-id"];
    if (typeof sessionId === "string") {
      reply.hijack();
      return toSession(request.raw, reply.raw, sessionId, resolved.key, body);
    }

    if (request.method !== "POST")
      return reply.code(400).send(jsonRpcError(-32000, "Bad Request: Mcp-Session-Id header is required"));
    if (!isJsonContentType(request.headers["content-type"]))
      return reply.code(415).send(jsonRpcError(-32000, UNSUPPORTED_MEDIA_TYPE));
    const invalid = invalidInitialize(body);
    if (invalid) return reply.code(400).send(invalid);
    if (!isInitializeRequest(body))
      return reply
        .code(400)
        .send(jsonRpcError(-32000, "Bad Request: no valid session; the first request must be initialize"));

    const client = request.headers["x-mcp-hub-client"];
    const session = hub.createSession({
      scope: resolved.scope,
      transport: "streamable-http",
      client: typeof client === "string" ? client : undefined,
    });
    const transport: SessionTransport = new SessionTransport({
      sessionIdGenerator: () => randomUUID(),
      eventStore: createSessionEventStore(),
      retryInterval: RECONNECT_AFTER_MS,
      onsessioninitialized: (id) => {
        sessions.set(id, { transport, session, scopeKey: resolved.key, lastSeen: Date.now() });
      },
    });
    const direct = session.directCalls((message, options) => transport.send(message, options));
    if (direct) transport.intercept = (message) => direct.take(message);
    transport.onclose = () => {
      if (transport.sessionId) sessions.delete(transport.sessionId);
      direct?.close();
      void session.close();
    };
    await session.server.connect(transport);
    reply.hijack();
    await transport.handleRequest(request.raw, reply.raw, body);
  }

  async function closeAll(): Promise<void> {
    clearInterval(reaper);
    await Promise.allSettled([...sessions.values()].map((e) => e.transport.close()));
    sessions.clear();
  }

  return { handle, serveSession, closeAll, count: () => sessions.size };
}

export type StreamableHttp = ReturnType<typeof createStreamableHttp>;

export function registerStreamableRoutes(app: FastifyInstance, http: StreamableHttp, paths: string[]) {
  for (const url of paths) {
    app.route({ method: ["GET", "POST", "DELETE"], url, handler: http.handle });
    // Methods the endpoint does not take are refused as such (405), not as a missing route (404).
    app.route({
      method: ["PUT", "PATCH"],
      url,
      handler: (_request, reply) => reply.code(405).header("allow", ALLOWED_METHODS).send(METHOD_NOT_ALLOWED),
    });
  }
}

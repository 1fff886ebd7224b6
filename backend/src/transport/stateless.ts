import type { ServerResponse } from "node:http";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { RequestHandlerExtra } from "@modelcontextprotocol/sdk/shared/protocol.js";
import type {
  CallToolRequest,
  CompleteRequest,
  GetPromptRequest,
  JSONRPCMessage,
  ReadResourceRequest,
  ServerNotification,
  ServerRequest,
} from "@modelcontextprotocol/sdk/types.js";
import { toMcpError, type ClientSession, type Hub, type NameScope } from "../hub/index.js";
import {
  checkParamHeaders,
  META,
  MODERN_ERRORS,
  paramHeadersOf,
  SUPPORTED_VERSIONS,
  validateModern,
  type ModernMessage,
} from "./classify.js";
import { messageEvent, openEventStream } from "./eventStream.js";
import { jsonRpcError } from "./jsonBody.js";

type Extra = RequestHandlerExtra<ServerRequest, ServerNotification>;
type Request = Extract<ModernMessage, { kind: "request" }>;
type Result = Record<string, unknown>;

/**
 * Lists change whenever a server starts, stops or says so, and this endpoint has no subscriptions/listen to
 * announce it: "immediately stale" tells a client to re-fetch rather than trust a copy.
 */
const LIST_TTL_MS = 0;
/** Versions and capabilities change only with the hub or the fleet; a minute of caching costs little. */
const DISCOVER_TTL_MS = 60_000;
/** Results depend on the bearer token and on the client's profile: never shared across auth contexts. */
const CACHE_SCOPE = "private";

/** Removed in 2026-07-28, or not served by the hub under it: answered 404 + -32601 with the reason. */
const NOT_SERVED: Record<string, string> = {
  ping: "ping was removed in 2026-07-28",
  "logging/setLevel": "logging/setLevel was removed in 2026-07-28; send _meta logLevel per request",
  "resources/subscribe":
    "resources/subscribe was removed in 2026-07-28 (subscriptions/listen replaces it, and MCP Hub does not serve that yet)",
  "resources/unsubscribe": "resources/unsubscribe was removed in 2026-07-28",
  "subscriptions/listen":
    "MCP Hub does not serve subscriptions/listen yet: poll the lists (ttlMs 0) or use a 2025-era session for list_changed and resource updates",
  initialize: "initialize starts a 2025-era session: send it without the 2026-07-28 _meta envelope",
};

interface Call {
  context: ClientSession;
  scope: NameScope;
  params: Result;
  extra: Extra;
}

/** The 2026-07-28 methods the hub answers, each from the hub with a per-request context. */
const METHODS: Record<string, (hub: Hub, call: Call) => Promise<Result>> = {
  "server/discover": async (hub, { scope }) => discover(hub, scope),
  "tools/list": async (hub, { context }) => ({
    // Sorted: the revision asks for a deterministic order so clients and LLM prompt caches can reuse it.
    tools: [...hub.tools.list(context).tools].sort((a, b) =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
    ),
    ttlMs: LIST_TTL_MS,
    cacheScope: CACHE_SCOPE,
  }),
  "prompts/list": async (hub, { context }) => ({
    prompts: hub.prompts.list(context),
    ttlMs: LIST_TTL_MS,
    cacheScope: CACHE_SCOPE,
  }),
  "resources/list": async (hub, { context }) => ({
    resources: hub.resources.list(context),
    ttlMs: LIST_TTL_MS,
    cacheScope: CACHE_SCOPE,
  }),
  "resources/templates/list": async (hub, { context }) => ({
    resourceTemplates: hub.resources.templates(context),
    ttlMs: LIST_TTL_MS,
    cacheScope: CACHE_SCOPE,
  }),
  "tools/call": (hub, { context, params, extra }) =>
    hub.tools.call(context, forwardable(params) as CallToolRequest["params"], extra),
  "prompts/get": (hub, { context, params, extra }) =>
    hub.prompts.get(context, forwardable(params) as GetPromptRequest["params"], extra),
  "resources/read": async (hub, { context, params, extra }) => ({
    ...(await hub.resources.read(context, params as ReadResourceRequest["params"], extra)),
    ttlMs: LIST_TTL_MS,
    cacheScope: CACHE_SCOPE,
  }),
  "completion/complete": (hub, { context, params, extra }) =>
    hub.completion.complete(context, forwardable(params) as CompleteRequest["params"], extra),
};

/** The methods served under 2026-07-28, for docs and tests. */
export const STATELESS_METHODS = Object.keys(METHODS);

/** MRTR retry fields mean nothing downstream (the hub never asks for input), so they are not forwarded. */
function forwardable(params: Result): Result {
  const copy = { ...params };
  delete copy.inputResponses;
  delete copy.requestState;
  return copy;
}

/**
 * What the endpoint offers without a stream: no listChanged or subscribe (no subscriptions/listen) and no
 * logging (log messages fan out to sessions only), so a client does not wait for what never comes.
 */
function discover(hub: Hub, scope: NameScope): Result {
  const caps = hub.capabilitiesFor(scope);
  return {
    supportedVersions: SUPPORTED_VERSIONS,
    capabilities: {
      ...(caps.tools ? { tools: {} } : {}),
      ...(caps.prompts ? { prompts: {} } : {}),
      ...(caps.resources ? { resources: {} } : {}),
      ...(caps.completions ? { completions: {} } : {}),
    },
    ...(hub.instructionsFor(scope) ? { instructions: hub.instructionsFor(scope) } : {}),
    ttlMs: DISCOVER_TTL_MS,
    cacheScope: CACHE_SCOPE,
  };
}

/** -32002 (resource not found) is a 2025-era code this revision forbids; it became -32602. */
const RETIRED_CODES: Record<number, number> = { [-32002]: -32602 };

/** One response at a time: a JSON body, or an SSE stream when the client asked for progress. */
class Responder {
  private streaming = false;

  constructor(private readonly res: ServerResponse) {}

  get open(): boolean {
    return !this.res.writableEnded && !this.res.destroyed;
  }

  startStream(): void {
    this.streaming = true;
    openEventStream(this.res);
  }

  /** `message` is a JSON-RPC message built here (a notification, the result or the error). */
  notify(message: unknown): void {
    if (this.streaming && this.open) this.res.write(messageEvent(message as JSONRPCMessage));
  }

  finish(message: unknown): void {
    if (!this.open) return;
    if (this.streaming) {
      this.notify(message);
      this.res.end();
      return;
    }
    this.res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(message));
  }
}

export interface StatelessHttpOptions {
  hub: Hub;
}

/**
 * Streamable HTTP as the 2026-07-28 revision has it: every POST stands alone, carries its version and
 * capabilities in `_meta`, and is answered with JSON (or SSE while progress flows). No session is kept.
 */
export function createStatelessHttp({ hub }: StatelessHttpOptions) {
  const serverInfo = { name: "mcp-hub", title: "MCP Hub", version: hub.version };

  async function handle(request: FastifyRequest, reply: FastifyReply, scope: NameScope) {
    const checked = validateModern({ headers: request.headers, body: request.body });
    if (!checked.ok)
      return reply
        .code(checked.rejection.status)
        .send({ jsonrpc: "2.0", id: checked.rejection.id, error: checked.rejection.error });
    const message = checked.message;
    // This revision defines no client notifications over HTTP (cancellation is closing the stream).
    if (message.kind === "notification") return reply.code(202).send();
    const run = METHODS[message.method];
    if (!run)
      return reply.code(404).send(
        jsonRpcError(-32601, NOT_SERVED[message.method] ?? `Method not found: ${message.method}`, {
          id: message.id,
        }),
      );

    const client = request.headers["x-mcp-hub-client"];
    const context = hub.statelessContext({
      scope,
      client: typeof client === "string" ? client : message.clientName,
    });
    const mismatch = message.method === "tools/call" ? paramMismatch(context, request, message) : undefined;
    if (mismatch)
      return reply
        .code(400)
        .send(jsonRpcError(MODERN_ERRORS.headerMismatch, `Header mismatch: ${mismatch}`, { id: message.id }));

    reply.hijack();
    const responder = new Responder(reply.raw);
    const cancel = new AbortController();
    // Closing the response stream is this revision's cancellation (basic/patterns/cancellation).
    reply.raw.on("close", () => {
      if (!reply.raw.writableFinished) cancel.abort("the client closed the response stream");
    });
    const meta = message.params._meta as Record<string, unknown> | undefined;
    if (meta?.progressToken !== undefined) responder.startStream();
    const extra = {
      signal: cancel.signal,
      requestId: message.id,
      _meta: meta,
      sendNotification: async (notification: ServerNotification) =>
        responder.notify({ jsonrpc: "2.0", ...notification }),
      sendRequest: async () => {
        throw new Error("server→client requests do not exist in 2026-07-28 (MRTR)");
      },
    } as unknown as Extra;

    try {
      const result = await run(hub, { context, scope, params: message.params, extra });
      responder.finish({ jsonrpc: "2.0", id: message.id, result: complete(result) });
    } catch (error) {
      const rpc = toMcpError(error);
      const code = RETIRED_CODES[rpc.code] ?? rpc.code;
      responder.finish(jsonRpcError(code, rpc.message, { id: message.id, data: rpc.data }));
    } finally {
      void context.close();
    }
  }

  /** The revision's result envelope: resultType, and who answered (the client has no initialize reply). */
  function complete(result: Result): Result {
    const meta = (result._meta as Record<string, unknown> | undefined) ?? {};
    return { ...result, resultType: "complete", _meta: { ...meta, [META.serverInfo]: serverInfo } };
  }

  /** x-mcp-header: the tool's schema says which arguments ride in Mcp-Param-* headers too. */
  function paramMismatch(context: ClientSession, request: FastifyRequest, message: Request) {
    const tool = hub.tools.list(context).tools.find((t) => t.name === message.params.name);
    if (!tool) return undefined; // the call itself reports an unknown tool
    return checkParamHeaders(request.headers, paramHeadersOf(tool.inputSchema), message.params.arguments);
  }

  return { handle };
}

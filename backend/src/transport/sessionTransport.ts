import type { IncomingMessage, ServerResponse } from "node:http";
import type { EventStore } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { isJsonContentType } from "@modelcontextprotocol/sdk/shared/mediaType.js";
import type { Transport, TransportSendOptions } from "@modelcontextprotocol/sdk/shared/transport.js";
import {
  DEFAULT_NEGOTIATED_PROTOCOL_VERSION,
  ErrorCode,
  isInitializeRequest,
  SUPPORTED_PROTOCOL_VERSIONS,
  type JSONRPCMessage,
  type MessageExtraInfo,
  type RequestId,
  type RequestInfo,
} from "@modelcontextprotocol/sdk/types.js";
import { isJsonRpcMessage } from "../jsonrpc/index.js";
import { SerialQueue } from "../queue/index.js";
import { messageEvent, openEventStream } from "./eventStream.js";
import { invalidInitialize } from "./invalidInitialize.js";
import { jsonRpcError, sendJson } from "./jsonBody.js";
import { PostReply } from "./postReply.js";

/** The SDK's words for a POST whose body is not JSON (415). */
export const UNSUPPORTED_MEDIA_TYPE = "Unsupported Media Type: Content-Type must be application/json";
/** What Streamable HTTP defines on an MCP endpoint; other methods are answered 405 with this as `Allow`. */
export const ALLOWED_METHODS = "GET, POST, DELETE";
export const METHOD_NOT_ALLOWED = jsonRpcError(-32000, `Method not allowed: use ${ALLOWED_METHODS}`);
const SESSION_NOT_FOUND = jsonRpcError(-32001, "Session not found");

/** The SDK's cap (server/requestBody.js): a bigger batch is refused rather than fanned out. */
const MAX_BATCH_SIZE = 100;
/**
 * How long a POST's head waits for the answer before the reply becomes a stream anyway. Most calls answer well
 * within it (one JSON body); past it, the client learns at once that the hub took the call.
 */
const HOLD_MS = 20;
/** The first protocol version whose clients accept the empty-data priming event (older ones choke on it). */
const RESUMABLE_FROM = "2025-11-25";

export interface SessionTransportOptions {
  sessionIdGenerator?: () => string;
  onsessioninitialized?: (sessionId: string) => void | Promise<void>;
  onsessionclosed?: (sessionId: string) => void | Promise<void>;
  /** Makes POST streams of 2025-11-25+ clients resumable with Last-Event-ID (see PostReply). */
  eventStore?: EventStore;
  /** The `retry:` of the priming event: how soon a client whose stream dropped should reconnect. */
  retryInterval?: number;
  /** Overrides HOLD_MS (tests). */
  holdMs?: number;
}

type Message = JSONRPCMessage & { id?: RequestId; method?: string };
const isRequest = (m: Message) => m.method !== undefined && m.id !== undefined;
const isResponse = (m: Message) => "result" in m || "error" in m;

/**
 * A stateful Streamable HTTP server transport (2025-03-26, 2025-06-18, 2025-11-25) on raw node req/res, in place
 * of the SDK's, which converts every exchange to web Request/Response and answers every POST with an event stream.
 * Checks and routing follow the SDK's webStandardStreamableHttp.js; the difference is PostReply's JSON-first
 * answer. Resumability covers POST streams only: the standalone GET stream's events carry no id and are not
 * replayed (a dropped GET stream just reopens), and nothing is kept once the session closes.
 */
export class SessionTransport implements Transport {
  sessionId?: string;
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage, extra?: MessageExtraInfo) => void;
  /** Sees each posted message before onmessage and keeps the ones it answers itself (true); hub/directCalls.ts. */
  intercept?: (message: JSONRPCMessage) => boolean;

  private started = false;
  private initialized = false;
  private closed = false;
  private readonly byRequest = new Map<RequestId, PostReply>();
  /** Resumable replies still waiting for responses, by stream id: a Last-Event-ID GET takes them over. */
  private readonly byStream = new Map<string, PostReply>();
  private standalone: ServerResponse | undefined;
  /** Sends and resumes run one at a time: an awaited event-store write must not let a later message overtake. */
  private readonly queue = new SerialQueue();

  constructor(private readonly options: SessionTransportOptions = {}) {}

  async start(): Promise<void> {
    if (this.started) throw new Error("Transport already started");
    this.started = true;
  }

  /** Handles GET, POST or DELETE; `body` is the parsed JSON of a POST. */
  async handleRequest(req: IncomingMessage, res: ServerResponse, body?: unknown): Promise<void> {
    if (this.closed) return sendJson(res, 404, SESSION_NOT_FOUND);
    switch (req.method) {
      case "POST":
        return this.post(req, res, body);
      case "GET":
        return this.get(req, res);
      case "DELETE":
        return this.delete(req, res);
      default:
        this.onerror?.(new Error(METHOD_NOT_ALLOWED.error.message));
        return sendJson(res, 405, METHOD_NOT_ALLOWED, { allow: ALLOWED_METHODS });
    }
  }

  send(message: JSONRPCMessage, options?: TransportSendOptions): Promise<void> {
    return this.queue.run(() => this.route(message as Message, options?.relatedRequestId));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const closedError = (id: RequestId): JSONRPCMessage => ({
      jsonrpc: "2.0",
      id,
      error: { code: ErrorCode.ConnectionClosed, message: "Session closed" },
    });
    for (const reply of new Set(this.byRequest.values())) reply.abort(closedError);
    this.byRequest.clear();
    this.byStream.clear();
    this.standalone?.end();
    this.standalone = undefined;
    this.onclose?.();
  }

  private async post(req: IncomingMessage, res: ServerResponse, body: unknown): Promise<void> {
    const accept = req.headers.accept;
    if (!accept?.includes("application/json") || !accept.includes("text/event-stream"))
      return void this.fail(
        res,
        406,
        -32000,
        "Not Acceptable: Client must accept both application/json and text/event-stream",
      );
    if (!isJsonContentType(req.headers["content-type"]))
      return void this.fail(res, 415, -32000, UNSUPPORTED_MEDIA_TYPE);
    if (Array.isArray(body) && body.length > MAX_BATCH_SIZE)
      return void this.fail(
        res,
        400,
        -32600,
        `Invalid Request: Batch must not exceed ${MAX_BATCH_SIZE} messages`,
      );
    const raw: unknown[] = Array.isArray(body) ? body : [body];
    if (!raw.every(isJsonRpcMessage))
      return void this.fail(res, 400, -32700, "Parse error: Invalid JSON-RPC message");
    const messages = raw as Message[];

    const init = messages.find((m) => m.method === "initialize");
    const invalid = init && invalidInitialize(init);
    if (invalid) {
      this.onerror?.(new Error(invalid.error.message));
      return sendJson(res, 400, invalid);
    }
    const initVersion = init && isInitializeRequest(init) ? init.params.protocolVersion : undefined;
    if (initVersion !== undefined) {
      if (this.initialized && this.sessionId !== undefined)
        return void this.fail(res, 400, -32600, "Invalid Request: Server already initialized");
      if (messages.length > 1)
        return void this.fail(
          res,
          400,
          -32600,
          "Invalid Request: Only one initialization request is allowed",
        );
      this.sessionId = this.options.sessionIdGenerator?.();
      this.initialized = true;
      if (this.sessionId) await this.options.onsessioninitialized?.(this.sessionId);
    } else if (!this.checkSession(req, res) || !this.checkVersion(req, res)) return;
    if (this.closed) return sendJson(res, 404, SESSION_NOT_FOUND);

    // Handlers rarely look at the URL: parse it only when one does.
    const requestInfo: RequestInfo = {
      headers: req.headers,
      get url() {
        return new URL(req.url ?? "/", `http://${req.headers.host ?? "localhost"}`);
      },
    };
    const ids = messages.filter(isRequest).map((m) => m.id!);
    for (const message of messages) if (message.method === "notifications/cancelled") this.cancelled(message);
    if (ids.length === 0) {
      res.writeHead(202).end();
      for (const message of messages) this.dispatch(message, { requestInfo });
      return;
    }

    // Answers are routed by id: a second request with the id of one still running would take its answer, and
    // the first would never get one.
    const reused = ids.find((id, i) => this.byRequest.has(id) || ids.indexOf(id) !== i);
    if (reused !== undefined)
      return void this.fail(
        res,
        409,
        -32600,
        `Invalid Request: request id ${JSON.stringify(reused)} is already in use by a call in progress on this session`,
      );

    const version = initVersion ?? header(req, "mcp-protocol-version") ?? DEFAULT_NEGOTIATED_PROTOCOL_VERSION;
    const store = this.options.eventStore;
    const resume =
      store && version >= RESUMABLE_FROM
        ? {
            store,
            retryMs: this.options.retryInterval,
            onStream: (streamId: string) => this.byStream.set(streamId, reply),
          }
        : undefined;
    const reply = new PostReply(res, {
      ids,
      batch: Array.isArray(body),
      sessionId: this.sessionId,
      resume,
      holdMs: this.options.holdMs ?? HOLD_MS,
      onHoldExpired: () => void this.queue.run(() => reply.openStream()),
    });
    for (const id of ids) this.byRequest.set(id, reply);
    const closeSSEStream = resume && (() => void this.queue.run(() => reply.closeForResume()));
    for (const message of messages)
      this.dispatch(
        message,
        isRequest(message) && closeSSEStream ? { requestInfo, closeSSEStream } : { requestInfo },
      );
  }

  /** To the interceptor first (hub/directCalls.ts), then, unless it kept the message, to the SDK Server. */
  private dispatch(message: JSONRPCMessage, extra: MessageExtraInfo): void {
    if (!this.intercept?.(message)) this.onmessage?.(message, extra);
  }

  private async get(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!req.headers.accept?.includes("text/event-stream"))
      return void this.fail(res, 406, -32000, "Not Acceptable: Client must accept text/event-stream");
    if (!this.checkSession(req, res) || !this.checkVersion(req, res)) return;
    const lastEventId = header(req, "last-event-id");
    if (lastEventId && this.options.eventStore) return this.queue.run(() => this.replay(lastEventId, res));
    if (this.standalone)
      return void this.fail(res, 409, -32000, "Conflict: Only one SSE stream is allowed per session");
    this.openStream(res);
    this.standalone = res;
    res.on("close", () => {
      if (this.standalone === res) this.standalone = undefined;
    });
  }

  private async delete(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!this.checkSession(req, res) || !this.checkVersion(req, res)) return;
    try {
      await this.options.onsessionclosed?.(this.sessionId!);
      res.writeHead(200).end();
    } finally {
      await this.close();
    }
  }

  /** Replays a POST stream's stored events after `lastEventId`, then carries its remaining events if any. */
  private async replay(lastEventId: string, res: ServerResponse): Promise<void> {
    const store = this.options.eventStore!;
    const streamId = await store.getStreamIdForEventId?.(lastEventId);
    if (!streamId) return void this.fail(res, 400, -32000, "Invalid event ID format");
    const reply = this.byStream.get(streamId);
    if (reply?.connected)
      return void this.fail(res, 409, -32000, "Conflict: Stream already has an active connection");
    this.openStream(res);
    await store.replayEventsAfter(lastEventId, {
      send: async (id, message) => void res.write(messageEvent(message, id)),
    });
    if (reply && !reply.done) reply.resumeOn(res);
    else res.end(); // everything was answered: nothing more will come on this stream
  }

  private async route(message: Message, relatedRequestId: RequestId | undefined): Promise<void> {
    if (this.closed) return; // the client was told "Session closed"; late answers have nowhere to go
    const responseId = isResponse(message) ? message.id : undefined;
    const requestId = responseId ?? relatedRequestId;
    if (requestId === undefined) {
      if (isResponse(message))
        throw new Error(
          "Cannot send a response on a standalone SSE stream unless resuming a previous client request",
        );
      return this.toStandalone(message);
    }
    const reply = this.byRequest.get(requestId);
    if (!reply) {
      if (responseId !== undefined)
        throw new Error(`No connection established for request ID: ${String(requestId)}`);
      return this.toStandalone(message); // the call already ended: better the GET stream than nowhere
    }
    const seen = await reply.deliver(message, responseId);
    if (reply.done) this.forget(reply);
    // The POST's client left and nothing can replay it: the GET stream, if open, still reaches the client.
    if (!seen && responseId === undefined) this.toStandalone(message);
  }

  /** Frees the id of a cancelled call (it may be used again) and ends its POST's reply if nothing else is due. */
  private cancelled(message: Message): void {
    const id = (message as { params?: { requestId?: RequestId } }).params?.requestId;
    const reply = id === undefined ? undefined : this.byRequest.get(id);
    if (id === undefined || !reply) return;
    this.byRequest.delete(id);
    void this.queue.run(async () => {
      await reply.cancel(id);
      if (reply.done) this.forget(reply);
    });
  }

  /** Drops a finished reply from both indexes: nothing will be sent on it, and a Last-Event-ID GET only replays. */
  private forget(reply: PostReply): void {
    for (const id of reply.ids) if (this.byRequest.get(id) === reply) this.byRequest.delete(id);
    if (reply.streamId) this.byStream.delete(reply.streamId);
  }

  private toStandalone(message: JSONRPCMessage): void {
    this.standalone?.write(messageEvent(message));
  }

  private openStream(res: ServerResponse): void {
    openEventStream(res, { headers: this.sessionId ? { "mcp-session-id": this.sessionId } : undefined });
  }

  private checkSession(req: IncomingMessage, res: ServerResponse): boolean {
    if (!this.options.sessionIdGenerator) return true;
    if (!this.initialized) return this.fail(res, 400, -32000, "Bad Request: Server not initialized");
    const id = header(req, "mcp-session-id");
    if (!id) return this.fail(res, 400, -32000, "Bad Request: Mcp-Session-Id header is required");
    if (id !== this.sessionId) return this.fail(res, 404, -32001, "Session not found");
    return true;
  }

  private checkVersion(req: IncomingMessage, res: ServerResponse): boolean {
    const version = header(req, "mcp-protocol-version");
    if (version === undefined || SUPPORTED_PROTOCOL_VERSIONS.includes(version)) return true;
    const supported = SUPPORTED_PROTOCOL_VERSIONS.join(", ");
    return this.fail(
      res,
      400,
      -32000,
      `Bad Request: Unsupported protocol version: ${version} (supported versions: ${supported})`,
    );
  }

  /** A refusal the SDK would also report through onerror; always false, for `return this.fail(…)` in checks. */
  private fail(res: ServerResponse, status: number, code: number, message: string): false {
    this.onerror?.(new Error(message));
    sendJson(res, status, jsonRpcError(code, message));
    return false;
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

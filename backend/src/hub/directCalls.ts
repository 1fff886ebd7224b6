import type { TransportSendOptions } from "@modelcontextprotocol/sdk/shared/transport.js";
import {
  ErrorCode,
  type CallToolRequest,
  type CallToolResult,
  type JSONRPCMessage,
  type RequestId,
} from "@modelcontextprotocol/sdk/types.js";
import { isObject } from "../jsonrpc/index.js";
import type { CallContext } from "./callPipeline.js";

type CallTool = (params: CallToolRequest["params"], context: CallContext) => Promise<CallToolResult>;
/** How DirectCalls answers: the session transport's send. */
export type SendMessage = (message: JSONRPCMessage, options?: TransportSendOptions) => Promise<void>;

/**
 * A session's plain tools/call requests (no progress token, no task), answered without its SDK Server: the
 * Server's per-request work (zod guards on every message, a second parse of the request, handler bookkeeping)
 * cost more of the hub's CPU per call than any part of the hub's own (docs/architecture.md, "Performance"), and the
 * hub's handler needs none of it. Everything else still goes to the Server. Answers and errors are shaped as the
 * SDK shapes them; a call the client cancels gets no answer, as with the SDK, and its abort reaches the server
 * (relayRequests.ts).
 */
export class DirectCalls {
  private readonly running = new Map<RequestId, AbortController>();

  constructor(
    private readonly callTool: CallTool,
    private readonly send: SendMessage,
  ) {}

  /** Takes the message when it is ours to answer (true), or leaves it to the SDK Server (false). */
  take(message: JSONRPCMessage): boolean {
    if (isCancellation(message)) return this.cancel(message.params.requestId, message.params.reason);
    if (!isPlainToolCall(message)) return false;
    const id = message.id;
    const controller = new AbortController();
    this.running.set(id, controller);
    const context: CallContext = {
      signal: controller.signal,
      requestId: id,
      _meta: message.params._meta,
      sendNotification: async (notification) => {
        if (controller.signal.aborted) return; // as the SDK: nothing more about a call the client cancelled
        await this.send({ jsonrpc: "2.0", ...notification } as JSONRPCMessage, { relatedRequestId: id });
      },
    };
    this.callTool(sdkParams(message.params), context)
      .then(
        (result) => (controller.signal.aborted ? undefined : this.send({ jsonrpc: "2.0", id, result })),
        (error: unknown) => (controller.signal.aborted ? undefined : this.send(errorResponse(id, error))),
      )
      .catch(() => undefined) // the session closed under the answer: nobody is left to tell
      .finally(() => {
        if (this.running.get(id) === controller) this.running.delete(id);
      });
    return true;
  }

  /** The session ended: its running calls are cancelled, as the SDK Server cancels its own on close. */
  close(): void {
    for (const controller of this.running.values()) controller.abort();
    this.running.clear();
  }

  private cancel(requestId: RequestId, reason: unknown): boolean {
    const controller = this.running.get(requestId);
    if (!controller) return false; // the SDK Server's, or already answered
    controller.abort(reason);
    return true;
  }
}

interface Cancellation {
  method: "notifications/cancelled";
  params: { requestId: RequestId; reason?: string };
}

function isCancellation(message: JSONRPCMessage): message is JSONRPCMessage & Cancellation {
  if (!("method" in message) || message.method !== "notifications/cancelled" || "id" in message) return false;
  const requestId = (message.params as { requestId?: unknown } | undefined)?.requestId;
  return typeof requestId === "string" || typeof requestId === "number";
}

type PlainToolCall = {
  jsonrpc: "2.0";
  id: RequestId;
  method: "tools/call";
  params: CallToolRequest["params"];
};

/** A well-formed tools/call the SDK would pass to the handler; anything else the SDK validates and answers. */
function isPlainToolCall(message: JSONRPCMessage): message is PlainToolCall {
  if (!("method" in message) || message.method !== "tools/call" || !("id" in message)) return false;
  const params = message.params as Record<string, unknown> | undefined;
  if (!isObject(params) || typeof params.name !== "string") return false;
  if (params.arguments !== undefined && !isObject(params.arguments)) return false;
  if (params.task !== undefined) return false;
  const meta = params._meta;
  return meta === undefined || (isObject(meta) && meta.progressToken === undefined);
}

/**
 * The params as the SDK's CallToolRequestSchema hands them to the handler: keys it does not know are dropped, so a
 * call reaches the server alike whether or not it carried a progress token (which sends it the SDK's way).
 */
function sdkParams({ name, arguments: args, _meta }: CallToolRequest["params"]): CallToolRequest["params"] {
  const params: CallToolRequest["params"] = { name };
  if (args !== undefined) params.arguments = args;
  if (_meta !== undefined) params._meta = _meta;
  return params;
}

/** As the SDK's Protocol answers a handler's failure. */
function errorResponse(id: RequestId, error: unknown): JSONRPCMessage {
  const { code, message, data } = (error ?? {}) as { code?: unknown; message?: unknown; data?: unknown };
  return {
    jsonrpc: "2.0",
    id,
    error: {
      code: Number.isSafeInteger(code) ? (code as number) : ErrorCode.InternalError,
      message: typeof message === "string" ? message : "Internal error",
      ...(data !== undefined && { data }),
    },
  };
}

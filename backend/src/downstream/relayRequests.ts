import { ErrorCode, McpError, type JSONRPCMessage, type RequestId } from "@modelcontextprotocol/sdk/types.js";
import { isObject } from "../jsonrpc/index.js";

export interface RelayRequestOptions {
  signal: AbortSignal;
  timeoutMs: number;
}

interface Pending {
  resolve: (result: Record<string, unknown>) => void;
  reject: (error: unknown) => void;
  cleanup: () => void;
}

/**
 * Requests the hub passes through to a server as they are (a client's call with no progress token), sent beside the
 * SDK Client on the same connection. The Client's request bookkeeping (zod guards on every message, handler maps,
 * promise chains) is a measurable share of the hub's CPU per call (docs/architecture.md, "Performance"), and a
 * relay needs none of it: the calling client validates what comes back. Everything else (initialize, lists,
 * progress, server→client requests, notifications) stays with the SDK Client. Timeout, abort, close and error
 * responses end a request as Client.request ends it, with the same McpError codes, so the caller cannot tell the
 * two apart.
 */
export class RelayRequests {
  /** The SDK Client numbers its requests from 0 on the same connection; ours start a billion above, never to meet. */
  private nextId = 1_000_000_000;
  private readonly pending = new Map<RequestId, Pending>();
  private closed = false;

  constructor(private readonly send: (message: JSONRPCMessage) => Promise<void>) {}

  request(method: string, params: unknown, options: RelayRequestOptions): Promise<Record<string, unknown>> {
    return new Promise((resolve, reject) => {
      const { signal, timeoutMs } = options;
      if (this.closed) return reject(new Error("Not connected"));
      if (signal.aborted) return reject(signal.reason);
      const id = this.nextId++;
      // As Protocol.request: the server is told the reason as it is; the caller gets it as an McpError.
      const cancel = (reason: unknown) => {
        if (!this.take(id)) return;
        this.send({
          jsonrpc: "2.0",
          method: "notifications/cancelled",
          params: { requestId: id, reason: String(reason) },
        }).catch(() => undefined); // the connection is going: nothing left to cancel
        reject(reason instanceof McpError ? reason : new McpError(ErrorCode.RequestTimeout, String(reason)));
      };
      const onAbort = () => cancel(signal.reason);
      const timer = setTimeout(
        () => cancel(new McpError(ErrorCode.RequestTimeout, "Request timed out", { timeout: timeoutMs })),
        timeoutMs,
      );
      signal.addEventListener("abort", onAbort, { once: true });
      const cleanup = () => {
        clearTimeout(timer);
        signal.removeEventListener("abort", onAbort);
      };
      this.pending.set(id, { resolve, reject, cleanup });
      this.send({ jsonrpc: "2.0", id, method, params: params as Record<string, unknown> }).catch((error) => {
        if (this.take(id)) reject(error);
      });
    });
  }

  /** True when `message` is the response to one of ours (it then goes to settle, not to the SDK). */
  owns(message: JSONRPCMessage): boolean {
    return "id" in message && !("method" in message) && this.pending.has(message.id as RequestId);
  }

  settle(message: JSONRPCMessage): void {
    if (!("id" in message) || "method" in message) return;
    const entry = this.take(message.id as RequestId);
    if (!entry) return;
    if ("error" in message) {
      const { code, message: text, data } = message.error;
      return entry.reject(McpError.fromError(code, text, data));
    }
    const result = (message as { result?: unknown }).result;
    if (isObject(result)) return entry.resolve(result);
    entry.reject(
      new McpError(ErrorCode.InternalError, "the server answered with a result that is not an object"),
    );
  }

  /** The connection ended: what is still pending fails as the SDK fails its own requests. */
  close(): void {
    this.closed = true;
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const entry of pending) {
      entry.cleanup();
      entry.reject(new McpError(ErrorCode.ConnectionClosed, "Connection closed"));
    }
  }

  /** Removes a pending request and stops its timer and abort listener; undefined when it already ended. */
  private take(id: RequestId): Pending | undefined {
    const entry = this.pending.get(id);
    if (!entry) return undefined;
    this.pending.delete(id);
    entry.cleanup();
    return entry;
  }
}

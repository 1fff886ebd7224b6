import type { ServerResponse } from "node:http";
import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import { messageText } from "../jsonrpc/index.js";

/**
 * The head of every event stream the hub sends (MCP streams, /api/events, try-it, the A2A gateway): the one the MCP SDK's
 * Streamable HTTP transport sends (server/webStandardStreamableHttp.js), so a client sees the same either way.
 */
const EVENT_STREAM_HEAD = {
  // No charset: an event stream is always UTF-8 (HTML Living Standard, "Server-sent events").
  "content-type": "text/event-stream",
  // A live stream must not be cached; "no-transform" stops proxies compressing it, which holds events back.
  "cache-control": "no-cache, no-transform",
  // The answer outlives the request: HTTP/1.0 hops would otherwise close the connection after it.
  connection: "keep-alive",
  // nginx buffers proxied answers unless told not to, and the events would arrive in bursts.
  "x-accel-buffering": "no",
} as const;

export interface OpenEventStreamOptions {
  /** 200 unless given (the A2A gateway relays an agent's stream with the status the agent sent). */
  status?: number;
  /** Added to the head (mcp-session-id). */
  headers?: Record<string, string>;
  /**
   * Sends the head at once (default), so the client knows the stream is open. False when the caller writes a frame
   * next: the head then leaves with it, in one write.
   */
  flush?: boolean;
}

/**
 * Answers 200 (or `status`) with the event-stream head. Headers already set with setHeader stay (writeHead
 * merges them): helmet's security headers, which @fastify/helmet sets on the raw response in onRequest and the
 * fast lane sets likewise, survive a route's reply.hijack(). Headers set with fastify's reply.header() do not.
 */
export function openEventStream(res: ServerResponse, options: OpenEventStreamOptions = {}): void {
  res.writeHead(
    options.status ?? 200,
    options.headers ? { ...EVENT_STREAM_HEAD, ...options.headers } : EVENT_STREAM_HEAD,
  );
  if (options.flush !== false) res.flushHeaders();
}

export interface EventFields {
  /** JSON text, or "": JSON has no line breaks, so one `data:` line carries it. */
  data: string;
  event?: string;
  id?: string;
  /** How long a client should wait before reconnecting, in ms. */
  retry?: number;
}

/** One event, its fields in the order the SDK writes them. */
export function eventFrame({ data, event, id, retry }: EventFields): string {
  return `${event === undefined ? "" : `event: ${event}\n`}${id === undefined ? "" : `id: ${id}\n`}${
    retry === undefined ? "" : `retry: ${retry}\n`
  }data: ${data}\n\n`;
}

/** A JSON-RPC message as MCP sends it: a `message` event, with the id it is stored under when resumable. */
export function messageEvent(message: JSONRPCMessage, id?: string): string {
  return eventFrame({ event: "message", id, data: messageText(message) });
}

/** A named event carrying `value` as JSON (the REST API's streams). */
export function jsonEvent(event: string, value: unknown): string {
  return eventFrame({ event, data: JSON.stringify(value) });
}

/** A comment line: clients ignore it, and it keeps idle proxies from closing the stream. */
export function commentFrame(text: string): string {
  return `: ${text}\n\n`;
}

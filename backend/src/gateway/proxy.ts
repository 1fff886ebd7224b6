import { request as httpRequest, type Agent, type IncomingMessage, type ServerResponse } from "node:http";
import { jsonEvent, openEventStream } from "../transport/index.js";
import { RPC, rpcError, sendJson, type RpcCall } from "./rpc.js";

/** How a forwarded call ended, for the audit, the metrics and the agent's breaker. */
export interface Forwarded {
  outcome: "ok" | "error" | "timeout" | "cancelled";
  error?: string;
  /** The agent failed (unreachable, died mid-answer, hung, answered 5xx): counts towards its breaker. */
  agentFailed: boolean;
}

export interface Forwarding {
  agent: string;
  target: URL;
  headers: Record<string, string>;
  body: Buffer;
  call: RpcCall;
  /** Whole answer for a plain call; silence between events for a stream (like progress resetting it on /mcp). */
  timeoutMs: number;
  /** Keep-alive sockets to the agents (one pool for the gateway). */
  pool: { http: Agent; https?: Agent };
}

/** An agent's answer bigger than this is not relayed (a stream's events are relayed as they come). */
const ANSWER_MAX_BYTES = 16 * 1024 * 1024;
const EVENT_END = /\r?\n\r?\n/g;

/**
 * Forwards one JSON-RPC request to the agent as it came, and its answer back as it comes: a JSON body whole, an
 * event stream event by event (only whole events, so an error the gateway adds after a broken stream is a clean
 * event of its own). Every way the agent can fail — unreachable, hung, dead mid-stream, not answering JSON-RPC —
 * becomes a JSON-RPC error for the caller (an `error` event once the stream has started) and the response ends.
 */
export async function forward(f: Forwarding, res: ServerResponse): Promise<Forwarded> {
  const https = f.target.protocol === "https:";
  const request = https ? (await import("node:https")).request : httpRequest;
  if (https) f.pool.https ??= new (await import("node:https")).Agent({ keepAlive: true });
  return new Promise<Forwarded>((resolve) => {
    let settled = false;
    const done = (result: Forwarded) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    /** The caller gets the failure: a JSON-RPC error body, or an error event on a stream already open. */
    const fail = (status: number, message: string, hubCode: string, outcome: Forwarded["outcome"]) => {
      const error = rpcError(f.call.id, RPC.internalError, message, hubCode);
      if (!res.headersSent) sendJson(res, status, error);
      else if (!res.writableEnded) res.end(jsonEvent("error", error));
      done({ outcome, error: message, agentFailed: true });
    };
    const upstream = request(f.target, {
      method: "POST",
      agent: https ? f.pool.https : f.pool.http,
      headers: { ...f.headers, "content-length": String(f.body.length) },
    });
    const timer = setTimeout(() => {
      upstream.destroy();
      const what = f.call.streams && res.headersSent ? "sent no event" : "did not answer";
      fail(504, `agent "${f.agent}" ${what} within ${f.timeoutMs} ms`, "call_timeout", "timeout");
    }, f.timeoutMs);
    // The caller hung up: so does the gateway (a task it started goes on at the agent, as A2A has it).
    res.on("close", () => {
      if (res.writableFinished || settled) return;
      upstream.destroy();
      done({ outcome: "cancelled", agentFailed: false });
    });
    upstream.on("error", (error) => {
      if (!settled)
        fail(
          502,
          `agent "${f.agent}" could not be reached: ${error.message}`,
          "downstream_unavailable",
          "error",
        );
    });
    upstream.on("response", (answer) => {
      const type = answer.headers["content-type"] ?? "";
      const touch = () => settled || timer.refresh();
      if (type.startsWith("text/event-stream")) relayStream(answer, res, touch, fail, done);
      else relayBody(f.agent, answer, type, res, fail, done, () => upstream.destroy());
    });
    upstream.end(f.body);
  });
}

type Fail = (status: number, message: string, hubCode: string, outcome: Forwarded["outcome"]) => void;

/** An event stream, relayed event by event; silence resets nothing, each event resets the timeout. */
function relayStream(
  answer: IncomingMessage,
  res: ServerResponse,
  touch: () => void,
  fail: Fail,
  done: (result: Forwarded) => void,
): void {
  openEventStream(res, { status: answer.statusCode });
  let pending = "";
  answer.setEncoding("utf8");
  answer.on("data", (chunk: string) => {
    touch();
    pending += chunk;
    let end = -1;
    for (const match of pending.matchAll(EVENT_END)) end = match.index + match[0].length;
    if (end < 0) return;
    res.write(pending.slice(0, end));
    pending = pending.slice(end);
  });
  answer.on("close", () => {
    if (answer.complete) {
      res.end(pending);
      done({ outcome: "ok", agentFailed: false });
    } else fail(502, "the agent's stream broke off (did the agent stop?)", "downstream_unavailable", "error");
  });
}

/** A plain answer, whole: relayed as it is when it is JSON; anything else becomes a JSON-RPC error. */
function relayBody(
  agent: string,
  answer: IncomingMessage,
  type: string,
  res: ServerResponse,
  fail: Fail,
  done: (result: Forwarded) => void,
  abort: () => void,
): void {
  const chunks: Buffer[] = [];
  let size = 0;
  answer.on("data", (chunk: Buffer) => {
    size += chunk.length;
    if (size > ANSWER_MAX_BYTES) {
      abort();
      fail(
        502,
        `agent "${agent}" answered over ${ANSWER_MAX_BYTES / 1024 / 1024} MiB`,
        "bad_agent_response",
        "error",
      );
    } else chunks.push(chunk);
  });
  answer.on("close", () => {
    if (!answer.complete)
      return fail(502, `agent "${agent}" broke off its answer`, "downstream_unavailable", "error");
    const body = Buffer.concat(chunks);
    const status = answer.statusCode ?? 502;
    const rpc = type.includes("json") ? rpcOutcome(body) : undefined;
    if (!rpc)
      return fail(
        502,
        `agent "${agent}" answered HTTP ${status} without JSON-RPC: ${body.toString("utf8", 0, 200)}`,
        "bad_agent_response",
        "error",
      );
    res.writeHead(status, { "content-type": type, "content-length": String(body.length) });
    res.end(body);
    done({ outcome: rpc.error ? "error" : "ok", error: rpc.error, agentFailed: status >= 500 });
  });
}

/** Whether a JSON answer is a JSON-RPC response, and its error message if it is one. */
function rpcOutcome(body: Buffer): { error?: string } | undefined {
  try {
    const value = JSON.parse(body.toString("utf8")) as { error?: { message?: unknown }; result?: unknown };
    if (value.error) return { error: String(value.error.message ?? "error") };
    return "result" in value ? {} : undefined;
  } catch {
    return undefined;
  }
}

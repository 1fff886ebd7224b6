/**
 * Minimal JSON-RPC clients for the benchmark: one request → one response, nothing else. The SDK client costs
 * 1.5–2.5 ms of CPU per call on a 2-core box (fetch, zod, promise chains) and node:http alone ~380 µs, which
 * would be counted as hub overhead; these do little beyond the syscalls (HTTP on raw sockets, see httpPool.ts),
 * so the figures are the servers' and the hub's own. Both paths (stdio and HTTP) get the same treatment, so
 * "direct" and "hub" stay comparable.
 */
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { createHttpPool, type RawResponse } from "./httpPool.js";

export interface LeanClient {
  call(method: string, params?: unknown): Promise<unknown>;
  close(): Promise<void>;
}

export interface LeanStdioClient extends LeanClient {
  /** The child's pid, to tell its CPU from ours. */
  pid: number | undefined;
}

const PROTOCOL = "2025-11-25";
const INIT = (name: string) => ({
  protocolVersion: PROTOCOL,
  capabilities: {},
  clientInfo: { name, version: "1.0.0" },
});

interface Message {
  jsonrpc: "2.0";
  id?: number;
  method: string;
  params?: unknown;
}

interface Reply {
  id?: number;
  result?: unknown;
  error?: { code: number; message: string };
}

function settle(reply: Reply): unknown {
  if (reply.error) throw new Error(`JSON-RPC ${reply.error.code}: ${reply.error.message}`);
  return reply.result;
}

/** JSON-RPC over a child's stdin/stdout (newline-delimited), e.g. `docker run -i <image>`. */
export async function leanStdio(
  command: string,
  args: string[],
  options: { env?: Record<string, string>; cwd?: string; name?: string } = {},
): Promise<LeanStdioClient> {
  const child = spawn(command, args, {
    stdio: ["pipe", "pipe", "ignore"],
    env: { ...process.env, ...options.env },
    cwd: options.cwd,
  });
  const pending = new Map<number, { resolve: (r: Reply) => void; reject: (e: Error) => void }>();
  let nextId = 1;
  const lines = createInterface({ input: child.stdout });
  lines.on("line", (line) => {
    let reply: Reply;
    try {
      reply = JSON.parse(line) as Reply;
    } catch {
      return;
    }
    if (typeof reply.id !== "number") return;
    pending.get(reply.id)?.resolve(reply);
    pending.delete(reply.id);
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const failAll = (reason: string) => {
    for (const p of pending.values()) p.reject(new Error(`${command}: ${reason}`));
    pending.clear();
  };
  child.once("exit", (code, signal) => failAll(`exited (${signal ?? code})`));
  child.once("error", (error) => failAll(error.message)); // e.g. not found; "exit" may never come
  child.stdin.on("error", () => undefined); // EPIPE once it died: "exit" reports that
  const send = (message: object) => child.stdin.write(`${JSON.stringify(message)}\n`);
  const call = (method: string, params?: unknown) =>
    new Promise<Reply>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      send({ jsonrpc: "2.0", id, method, params });
    }).then(settle);
  await call("initialize", INIT(options.name ?? "bench-lean"));
  send({ jsonrpc: "2.0", method: "notifications/initialized" });
  return {
    call,
    pid: child.pid,
    async close() {
      child.stdin.end();
      const timer = setTimeout(() => child.kill("SIGTERM"), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** The reply in a POST's response: a JSON object, or the event in an SSE stream whose data carries our id. */
function replyFrom(response: RawResponse, id: number): Reply {
  const type = response.header("content-type") ?? "";
  const parse = (json: string) => {
    try {
      return JSON.parse(json) as Reply;
    } catch {
      throw new Error(`reply to request ${id} is not JSON (${type}): ${json.slice(0, 200)}`);
    }
  };
  if (type.startsWith("application/json")) return parse(response.body);
  if (!type.startsWith("text/event-stream"))
    throw new Error(`reply to request ${id} has content-type "${type}": ${response.body.slice(0, 200)}`);
  let data = "";
  for (const line of `${response.body}\n`.split("\n")) {
    if (line.startsWith("data:")) data += (data ? "\n" : "") + line.slice(line.startsWith("data: ") ? 6 : 5);
    else if (line === "" || line === "\r") {
      // The end of an event; the priming event carries an empty data line.
      const message = data.trim() ? parse(data) : undefined;
      data = "";
      if (message?.id === id) return message;
    }
  }
  throw new Error(`no reply for request ${id} in the event stream: ${response.body.slice(0, 200)}`);
}

/**
 * JSON-RPC over Streamable HTTP on a raw keep-alive socket pool (one connection per request in flight, up to
 * maxSockets): the request head is built once per session, so a call costs a JSON.stringify, one write, one
 * read and a JSON.parse.
 */
export async function leanHttp(
  url: string,
  options: { token?: string; name?: string; maxSockets?: number } = {},
): Promise<LeanClient> {
  const target = new URL(url);
  const pool = createHttpPool(target, { maxSockets: options.maxSockets ?? 64 });
  const headLines = (method: string, session?: string) =>
    `${method} ${target.pathname}${target.search} HTTP/1.1\r\nHost: ${target.host}\r\n` +
    `Accept: application/json, text/event-stream\r\nMCP-Protocol-Version: ${PROTOCOL}\r\n` +
    (options.token ? `Authorization: Bearer ${options.token}\r\n` : "") +
    (session ? `Mcp-Session-Id: ${session}\r\n` : "");
  let postHead = `${headLines("POST")}Content-Type: application/json\r\n`;
  const post = (message: Message) => {
    const body = JSON.stringify(message);
    return pool.request(`${postHead}Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  };
  const accepted = (response: RawResponse, method: string) => {
    if (response.status >= 400)
      throw new Error(`HTTP ${response.status} for ${method} at ${url}: ${response.body.slice(0, 200)}`);
    return response;
  };
  let nextId = 1;
  const call = (method: string, params?: unknown) => {
    const id = nextId++;
    return post({ jsonrpc: "2.0", id, method, params }).then((response) =>
      settle(replyFrom(accepted(response, method), id)),
    );
  };

  let session: string | undefined;
  try {
    const init = INIT(options.name ?? "bench-lean");
    const response = accepted(
      await post({ jsonrpc: "2.0", id: 0, method: "initialize", params: init }),
      "initialize",
    );
    settle(replyFrom(response, 0));
    session = response.header("mcp-session-id");
    if (session) postHead = `${headLines("POST", session)}Content-Type: application/json\r\n`;
    const method = "notifications/initialized";
    accepted(await post({ jsonrpc: "2.0", method }), method);
  } catch (error) {
    pool.destroy();
    throw error;
  }
  return {
    call,
    async close() {
      // DELETE so the server forgets the session at once; a failure here changes nothing for the figures.
      if (session) await pool.request(`${headLines("DELETE", session)}\r\n`).catch(() => undefined);
      pool.destroy();
    },
  };
}

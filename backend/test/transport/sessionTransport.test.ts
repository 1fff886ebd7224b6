import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { CreateMessageRequestSchema, type Progress } from "@modelcontextprotocol/sdk/types.js";
import { afterEach, describe, expect, it, vi } from "vitest";
import { messagesOf, parseEvents } from "../support/differential.js";
import { startSessionHost, type SessionHost } from "./sessionHost.js";

const ACCEPT = "application/json, text/event-stream";
const VERSION = "2025-06-18";

/** Reads an event stream until `stop` matches a message (the body stays open, as a GET stream does). */
async function readUntil(res: Response, stop: (message: Record<string, unknown>) => boolean) {
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return messagesOf(parseEvents(text));
      text += value;
      const complete = text.slice(0, text.lastIndexOf("\n\n") + 2);
      const messages = messagesOf(parseEvents(complete));
      if (messages.some(stop)) return messages;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}

interface PostOptions {
  session?: string;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

function post(host: SessionHost, body: unknown, options: PostOptions = {}) {
  return fetch(host.url, {
    method: "POST",
    headers: {
      accept: ACCEPT,
      "content-type": "application/json",
      "mcp-protocol-version": VERSION,
      ...(options.session && { "mcp-session-id": options.session }),
      ...options.headers,
    },
    body: JSON.stringify(body),
    signal: options.signal,
  });
}

const call = (id: number, name: string, args: Record<string, unknown> = {}, meta?: object) => ({
  jsonrpc: "2.0",
  id,
  method: "tools/call",
  params: { name, arguments: args, ...(meta && { _meta: meta }) },
});

async function initialize(host: SessionHost, protocolVersion = VERSION): Promise<string> {
  const res = await post(host, {
    jsonrpc: "2.0",
    id: 0,
    method: "initialize",
    params: { protocolVersion, capabilities: {}, clientInfo: { name: "raw", version: "1" } },
  });
  expect(res.status).toBe(200);
  await res.text();
  const session = res.headers.get("mcp-session-id")!;
  const initialized = await post(host, { jsonrpc: "2.0", method: "notifications/initialized" }, { session });
  expect(initialized.status).toBe(202);
  return session;
}

let hosts: SessionHost[] = [];
async function start(options?: { resumable?: boolean; holdMs?: number }) {
  const host = await startSessionHost(options);
  hosts.push(host);
  return host;
}
afterEach(async () => {
  await Promise.all(hosts.map((h) => h.close()));
  hosts = [];
});

describe("SessionTransport answers", () => {
  it("answers initialize with one JSON body carrying the new session id", async () => {
    const host = await start();
    const res = await post(host, {
      jsonrpc: "2.0",
      id: 0,
      method: "initialize",
      params: { protocolVersion: VERSION, capabilities: {}, clientInfo: { name: "raw", version: "1" } },
    });
    const body = await res.text();

    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json");
    expect(Number(res.headers.get("content-length"))).toBe(Buffer.byteLength(body));
    const session = res.headers.get("mcp-session-id");
    expect(session).toMatch(/^[0-9a-f-]{36}$/);
    expect(host.initialized).toEqual([session]);
    expect(host.transport.sessionId).toBe(session);
    expect(JSON.parse(body)).toMatchObject({ id: 0, result: { protocolVersion: VERSION } });
  });

  it("answers a call that streams nothing as application/json", async () => {
    const host = await start();
    const session = await initialize(host);
    const res = await post(host, call(1, "echo", { text: "hi" }), { session });

    expect(res.headers.get("content-type")).toBe("application/json");
    expect(res.headers.get("mcp-session-id")).toBe(session);
    expect(await res.json()).toEqual({
      jsonrpc: "2.0",
      id: 1,
      result: { content: [{ type: "text", text: "hi" }] },
    });
  });

  it("switches to an event stream when progress comes first, and ends it after the result", async () => {
    const host = await start();
    const session = await initialize(host);
    const res = await post(host, call(2, "progress", {}, { progressToken: "p" }), { session });

    expect(res.headers.get("content-type")).toBe("text/event-stream");
    expect(res.headers.get("mcp-session-id")).toBe(session);
    // text() resolves only when the server ends the stream.
    const messages = messagesOf(parseEvents(await res.text()));
    expect(messages.map((m) => m.method ?? `result ${String(m.id)}`)).toEqual([
      "notifications/progress",
      "notifications/progress",
      "result 2",
    ]);
    expect(messages[0]).toMatchObject({ params: { progressToken: "p", progress: 1, total: 2 } });
  });

  it("answers a batch with a JSON array, or one stream when any call streams", async () => {
    const host = await start();
    const session = await initialize(host);
    const plain = await post(host, [call(3, "echo", { text: "a" }), call(4, "echo", { text: "b" })], {
      session,
    });
    expect(plain.headers.get("content-type")).toBe("application/json");
    const answers = (await plain.json()) as { id: number }[];
    expect(answers.map((a) => a.id).sort()).toEqual([3, 4]);

    const mixed = await post(
      host,
      [call(5, "echo", { text: "a" }), call(6, "progress", {}, { progressToken: 1 })],
      {
        session,
      },
    );
    expect(mixed.headers.get("content-type")).toBe("text/event-stream");
    const messages = messagesOf(parseEvents(await mixed.text()));
    expect(messages.filter((m) => "result" in m).map((m) => m.id)).toEqual(expect.arrayContaining([5, 6]));
    expect(messages.filter((m) => m.method === "notifications/progress")).toHaveLength(2);
  });

  it("answers notifications and responses with 202 and no body", async () => {
    const host = await start();
    const session = await initialize(host);
    const res = await post(
      host,
      { jsonrpc: "2.0", method: "notifications/cancelled", params: { requestId: 99 } },
      { session },
    );
    expect(res.status).toBe(202);
    expect(await res.text()).toBe("");
  });

  it("hands every posted message to the interceptor first; what it keeps never reaches the SDK server", async () => {
    const host = await start();
    const session = await initialize(host);
    const intercepted: string[] = [];
    host.transport.intercept = (message) => {
      intercepted.push("method" in message ? message.method : "response");
      if (!("method" in message) || !("id" in message) || message.method !== "tools/call") return false;
      void host.transport.send({ jsonrpc: "2.0", id: message.id, result: { content: [], kept: true } });
      return true;
    };
    const kept = await post(host, call(1, "echo", { text: "hi" }), { session });
    expect(await kept.json()).toEqual({ jsonrpc: "2.0", id: 1, result: { content: [], kept: true } });
    const passed = await post(host, { jsonrpc: "2.0", id: 2, method: "tools/list" }, { session });
    expect(await passed.json()).toMatchObject({ id: 2, result: { tools: [] } });
    const notice = { jsonrpc: "2.0", method: "notifications/cancelled", params: { requestId: 1 } };
    expect((await post(host, notice, { session })).status).toBe(202);
    expect(intercepted).toEqual(["tools/call", "tools/list", "notifications/cancelled"]);
  });

  it("passes the request's headers and URL to handlers as requestInfo", async () => {
    const host = await start();
    const session = await initialize(host);
    const res = await post(host, call(7, "whoami"), { session, headers: { "x-probe": "yes" } });
    const answer = (await res.json()) as { result: { content: { text: string }[] } };
    expect(JSON.parse(answer.result.content[0]!.text)).toEqual({ probe: "yes", path: "/mcp" });
  });
});

describe("SessionTransport refusals", () => {
  it("refuses like the SDK: 406, 415, 400 and 404, reporting each through onerror", async () => {
    const host = await start();
    const early = await post(host, call(1, "echo"));
    expect([early.status, ((await early.json()) as { error: { message: string } }).error.message]).toEqual([
      400,
      "Bad Request: Server not initialized",
    ]);
    const session = await initialize(host);

    const cases: [Promise<Response>, number, number][] = [
      [post(host, call(1, "echo"), { session, headers: { accept: "application/json" } }), 406, -32000],
      [post(host, call(1, "echo"), { session, headers: { "content-type": "text/plain" } }), 415, -32000],
      [post(host, call(1, "echo")), 400, -32000],
      [post(host, call(1, "echo"), { session: "not-the-session" }), 404, -32001],
      [
        post(host, call(1, "echo"), { session, headers: { "mcp-protocol-version": "1999-01-01" } }),
        400,
        -32000,
      ],
      [post(host, { jsonrpc: "2.0", id: 1, nope: true }, { session }), 400, -32700],
      [fetch(host.url, { headers: { accept: "application/json", "mcp-session-id": session } }), 406, -32000],
    ];
    for (const [pending, status, code] of cases) {
      const res = await pending;
      expect(res.status).toBe(status);
      expect(await res.json()).toMatchObject({ jsonrpc: "2.0", id: null, error: { code } });
    }
    expect(host.errors).toHaveLength(cases.length + 1);

    const again = await post(host, {
      jsonrpc: "2.0",
      id: 9,
      method: "initialize",
      params: { protocolVersion: VERSION, capabilities: {}, clientInfo: { name: "raw", version: "1" } },
    });
    expect(again.status).toBe(400);
    expect(await again.json()).toMatchObject({
      error: { message: "Invalid Request: Server already initialized" },
    });
  });

  it("refuses PUT and PATCH with 405, the allowed methods and a JSON-RPC error", async () => {
    const host = await start();
    const session = await initialize(host);
    for (const method of ["PUT", "PATCH"]) {
      const res = await fetch(host.url, { method, headers: { "mcp-session-id": session }, body: "{}" });
      expect(res.status).toBe(405);
      expect(res.headers.get("allow")).toBe("GET, POST, DELETE");
      expect(await res.json()).toEqual({
        jsonrpc: "2.0",
        id: null,
        error: { code: -32000, message: "Method not allowed: use GET, POST, DELETE" },
      });
    }
  });

  it("answers an initialize with missing or wrong params -32602 and one line, before and after initialization", async () => {
    const host = await start();
    const bare = await post(host, { jsonrpc: "2.0", id: 1, method: "initialize" });
    expect(bare.status).toBe(400);
    expect(await bare.json()).toEqual({
      jsonrpc: "2.0",
      id: 1,
      error: { code: -32602, message: "initialize: params.protocolVersion is required" },
    });
    expect(host.initialized).toEqual([]);

    const session = await initialize(host);
    const wrong = await post(
      host,
      { jsonrpc: "2.0", id: "w", method: "initialize", params: { protocolVersion: 2025, capabilities: {} } },
      { session },
    );
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toMatchObject({
      id: "w",
      error: {
        code: -32602,
        message: expect.stringMatching(/^initialize: params\.protocolVersion: .*string/),
      },
    });
    const partial = await post(
      host,
      { jsonrpc: "2.0", id: 2, method: "initialize", params: { protocolVersion: VERSION, capabilities: {} } },
      { session },
    );
    expect(await partial.json()).toMatchObject({
      error: { code: -32602, message: "initialize: params.clientInfo is required" },
    });
    // The session is untouched.
    const still = await post(host, call(3, "echo", { text: "still" }), { session });
    expect(await still.json()).toMatchObject({ id: 3, result: { content: [{ text: "still" }] } });
  });
});

describe("SessionTransport streams", () => {
  const openGet = (host: SessionHost, session: string) =>
    fetch(host.url, {
      headers: { accept: "text/event-stream", "mcp-session-id": session, "mcp-protocol-version": VERSION },
    });

  it("sends unrelated notifications on the GET stream and allows only one", async () => {
    const host = await start();
    const session = await initialize(host);
    const stream = await openGet(host, session);
    expect(stream.status).toBe(200);
    expect(stream.headers.get("content-type")).toBe("text/event-stream");
    expect((await openGet(host, session)).status).toBe(409);

    const listChanged = readUntil(stream, (m) => m.method === "notifications/tools/list_changed");
    const res = await post(host, call(1, "announce"), { session });
    // The call's own answer is plain JSON: the notification went elsewhere.
    expect(res.headers.get("content-type")).toBe("application/json");
    expect(await listChanged).toEqual([
      expect.objectContaining({ method: "notifications/tools/list_changed" }),
    ]);
  });

  it.each([
    ["held", 60_000],
    ["streaming", 5],
  ])(
    "sends a call's notifications to the GET stream once the POST's client has left (%s)",
    async (_, holdMs) => {
      const host = await start({ holdMs });
      const session = await initialize(host);
      const stream = await openGet(host, session);
      const late = readUntil(stream, (m) => m.method === "notifications/message");

      const abort = new AbortController();
      const pending = post(host, call(1, "hold"), { session, signal: abort.signal });
      await vi.waitFor(() => expect(host.transport["byRequest"].size).toBe(1)); // the call is in flight
      if (holdMs === 5) expect((await pending).headers.get("content-type")).toBe("text/event-stream");
      abort.abort();
      if (holdMs !== 5) await expect(pending).rejects.toThrow();
      await vi.waitFor(() => expect(host.abandoned).toBe(1));
      host.release();

      expect(await late).toEqual([expect.objectContaining({ params: { level: "info", data: "late" } })]);
    },
  );

  it("closes the session on DELETE: 200, onclose, then 404", async () => {
    const host = await start();
    const session = await initialize(host);
    const stream = await openGet(host, session);
    const ended = stream.text();

    const res = await fetch(host.url, { method: "DELETE", headers: { "mcp-session-id": session } });
    expect(res.status).toBe(200);
    expect(host.closed).toBe(true);
    expect(await ended).toBe(""); // close() ended the GET stream
    expect((await post(host, call(1, "echo"), { session })).status).toBe(404);
  });

  it("opens the stream when the answer takes longer than holdMs, so the client knows the call was taken", async () => {
    const host = await start({ holdMs: 5 });
    const session = await initialize(host);
    // fetch resolves on the response head, while the tool is still waiting to be released.
    const res = await post(host, call(1, "hold"), { session });
    expect(res.headers.get("content-type")).toBe("text/event-stream");
    host.release();
    const messages = messagesOf(parseEvents(await res.text()));
    expect(messages.map((m) => m.method ?? `result ${String(m.id)}`)).toEqual([
      "notifications/message",
      "result 1",
    ]);
  });

  it("refuses a request id still in use on the session (409), and takes it again once answered", async () => {
    const host = await start({ holdMs: 60_000 });
    const session = await initialize(host);
    const first = post(host, call(7, "hold"), { session });
    await new Promise((r) => setTimeout(r, 100)); // the first call is in the server's hands
    const second = await post(host, call(7, "echo", { text: "x" }), { session });
    expect(second.status).toBe(409);
    expect(await second.json()).toMatchObject({
      error: { code: -32600, message: expect.stringMatching(/request id 7 is already in use/) },
    });
    host.release();
    const answered = messagesOf(parseEvents(await (await first).text()));
    expect(answered.at(-1)).toMatchObject({ id: 7, result: { content: [{ text: "released" }] } });
    const again = await post(host, call(7, "echo", { text: "y" }), { session });
    expect(await again.json()).toMatchObject({ id: 7, result: { content: [{ text: "y" }] } });
  });

  it("ends a cancelled call's reply with an empty stream and frees its id", async () => {
    const host = await start({ holdMs: 60_000 });
    const session = await initialize(host);
    const first = post(host, call(8, "hold"), { session });
    await new Promise((r) => setTimeout(r, 100));
    const cancel = {
      jsonrpc: "2.0",
      method: "notifications/cancelled",
      params: { requestId: 8, reason: "user" },
    };
    expect((await post(host, cancel, { session })).status).toBe(202);
    const res = await first;
    expect(res.headers.get("content-type")).toBe("text/event-stream");
    expect(messagesOf(parseEvents(await res.text()))).toEqual([]);
    const again = await post(host, call(8, "echo", { text: "z" }), { session });
    expect(await again.json()).toMatchObject({ id: 8, result: { content: [{ text: "z" }] } });
    host.release();
  });

  it("answers calls still in flight with an error when the session closes, held or streaming", async () => {
    const held = await start({ holdMs: 60_000 });
    const session = await initialize(held);
    const pending = post(held, call(1, "hold"), { session });
    await vi.waitFor(() => expect(held.transport["byRequest"].size).toBe(1));
    await held.transport.close();
    const res = await pending;
    expect(res.headers.get("content-type")).toBe("application/json");
    expect(await res.json()).toMatchObject({ id: 1, error: { code: -32000, message: "Session closed" } });

    const streaming = await start({ holdMs: 5 });
    const other = await initialize(streaming);
    const stream = await post(streaming, call(2, "hold"), { session: other });
    expect(stream.headers.get("content-type")).toBe("text/event-stream");
    await streaming.transport.close();
    expect(messagesOf(parseEvents(await stream.text()))).toEqual([
      expect.objectContaining({ id: 2, error: { code: -32000, message: "Session closed" } }),
    ]);
  });
});

describe("SessionTransport with the SDK client", () => {
  it("calls tools, relays progress and answers sampling on the call's stream", async () => {
    const host = await start();
    const client = new Client({ name: "sdk", version: "1" }, { capabilities: { sampling: {} } });
    client.setRequestHandler(CreateMessageRequestSchema, () => ({
      role: "assistant",
      model: "test",
      content: { type: "text", text: "sampled" },
    }));
    await client.connect(new StreamableHTTPClientTransport(new URL(host.url)));
    try {
      expect(await client.callTool({ name: "echo", arguments: { text: "x" } })).toEqual({
        content: [{ type: "text", text: "x" }],
      });
      const progress: Progress[] = [];
      const result = await client.callTool({ name: "progress" }, undefined, {
        onprogress: (p) => progress.push(p),
      });
      expect(result.content).toEqual([{ type: "text", text: "progressed" }]);
      expect(progress.map((p) => p.progress)).toEqual([1, 2]);
      expect((await client.callTool({ name: "sample" })).content).toEqual([
        { type: "text", text: "sampled" },
      ]);
    } finally {
      await client.close();
    }
  });
});

describe("SessionTransport resumability (2025-11-25 clients, with an event store)", () => {
  it("primes a stream it opens, lets a handler close it, and replays the result on Last-Event-ID", async () => {
    const host = await start({ resumable: true });
    const session = await initialize(host, "2025-11-25");
    const headers = { "mcp-protocol-version": "2025-11-25" };

    const plain = await post(host, call(1, "echo", { text: "j" }), { session, headers });
    expect(plain.headers.get("content-type")).toBe("application/json");

    const res = await post(host, call(2, "reconnect"), { session, headers });
    expect(res.headers.get("content-type")).toBe("text/event-stream");
    const events = parseEvents(await res.text()); // ends without the result: the handler closed it
    expect(events).toEqual([{ id: expect.any(String), retry: 500, data: "" }]);
    host.release();

    const resumed = await fetch(host.url, {
      headers: {
        accept: "text/event-stream",
        "mcp-session-id": session,
        "last-event-id": events[0]!.id!,
        ...headers,
      },
    });
    expect(resumed.status).toBe(200);
    expect(await readUntil(resumed, (m) => m.id === 2)).toEqual([
      expect.objectContaining({ id: 2, result: { content: [{ type: "text", text: "after reconnect" }] } }),
    ]);
  });

  it("writes no priming event for older clients", async () => {
    const host = await start({ resumable: true });
    const session = await initialize(host);
    const res = await post(host, call(1, "progress", {}, { progressToken: 1 }), { session });
    const events = parseEvents(await res.text());
    expect(events.every((e) => e.id === undefined && e.data !== "")).toBe(true);
    expect(events).toHaveLength(3);
  });
});

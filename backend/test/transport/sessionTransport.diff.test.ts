/**
 * Differential test of SessionTransport (transport/sessionTransport.ts) against the SDK's
 * StreamableHTTPServerTransport: the same SDK Server behind each, the same HTTP requests from a raw client, and the
 * JSON-RPC messages the client receives on each response must be the same, in the same order. SessionTransport runs
 * twice: alone, and as the hub runs it, with DirectCalls (hub/directCalls.ts) answering plain tools/call requests.
 */
import { randomUUID } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { afterEach, describe, expect, it } from "vitest";
import { createSessionEventStore } from "../../src/transport/eventStore.js";
import { DirectCalls } from "../../src/hub/directCalls.js";
import { SessionTransport } from "../../src/transport/sessionTransport.js";
import { messagesOf, parseEvents, ScriptedTool, scriptedServer } from "../support/differential.js";
import { readBody } from "./sessionHost.js";

type Message = Record<string, unknown>;

interface Reply {
  status: number;
  sessionId: string | null;
  /** The messages received so far; complete once `ended` resolves. */
  messages: Message[];
  ended: Promise<void>;
  /** Resolves with the first message matching `match`; rejects if the reply ends without one. */
  next(match: (message: Message) => boolean): Promise<Message>;
}

/**
 * The one place where framing is normalized away: a response becomes the JSON-RPC messages it carried, in order.
 * SessionTransport answers with one JSON body (an object, or an array for a batch) while nothing streams and with
 * SSE once something does; the SDK always streams. Event ids, `retry:`, priming events (empty data, 2025-11-25
 * with an event store) and keep-alive comments are framing and are dropped; the HTTP status is kept. Everything else
 * about the messages, and their order within a response, is compared.
 */
function receive(res: Response): Reply {
  const messages: Message[] = [];
  const waiters: { match: (m: Message) => boolean; resolve: (m: Message) => void }[] = [];
  const add = (message: Message) => {
    messages.push(message);
    for (const waiter of waiters.filter((w) => w.match(message))) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve(message);
    }
  };
  const ended = (async () => {
    if (!res.headers.get("content-type")?.startsWith("text/event-stream")) {
      const body = await res.text();
      if (body !== "") for (const message of [JSON.parse(body) as Message | Message[]].flat()) add(message);
      return;
    }
    let pending = "";
    for await (const chunk of res.body!.pipeThrough(new TextDecoderStream())) {
      pending += chunk;
      const complete = pending.lastIndexOf("\n\n") + 2;
      for (const message of messagesOf(parseEvents(pending.slice(0, complete)))) add(message);
      pending = pending.slice(complete);
    }
  })();
  const next = (match: (message: Message) => boolean) =>
    new Promise<Message>((resolve, reject) => {
      const seen = messages.find(match);
      if (seen) return resolve(seen);
      waiters.push({ match, resolve });
      void ended.then(() => reject(new Error("the reply ended without the awaited message")), reject);
    });
  return { status: res.status, sessionId: res.headers.get("mcp-session-id"), messages, ended, next };
}

type Side = "sdk" | "hub" | "hub with DirectCalls";

/** One SDK Server behind one transport of `side`, on node:http (port 0), configured as streamableHttp.ts does. */
async function startHost(side: Side) {
  const tool = new ScriptedTool();
  const server = scriptedServer(tool);
  const options = {
    sessionIdGenerator: () => randomUUID(),
    eventStore: createSessionEventStore(),
    retryInterval: 1000,
  };
  const transport =
    side === "sdk" ? new StreamableHTTPServerTransport(options) : new SessionTransport(options);
  if (transport instanceof SessionTransport && side === "hub with DirectCalls") {
    // As transport/streamableHttp.ts wires a session (hub.callTool is the scripted tool here).
    const direct = new DirectCalls(tool.call, (message, options) => transport.send(message, options));
    transport.intercept = (message) => direct.take(message);
    transport.onclose = () => direct.close();
  }
  await server.connect(transport);
  const http = createServer((req, res) => {
    const body = req.method === "POST" ? readBody(req) : Promise.resolve(undefined);
    void body.then((parsed) => transport.handleRequest(req, res, parsed));
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const { port } = http.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    tool,
    async close() {
      tool.release();
      await server.close();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

const label = (body: unknown): string =>
  Array.isArray(body)
    ? `[${body.map(label).join(", ")}]`
    : `${(body as Message).method ?? "response"} ${String((body as Message).id ?? "")}`.trim();

/** A raw Streamable HTTP client that keeps every exchange, in the order it made them. */
class RawClient {
  private sessionId: string | undefined;
  private deleted = false;
  private readonly exchanges: { request: string; reply: Promise<Reply> }[] = [];

  constructor(
    private readonly url: string,
    private readonly version: string,
  ) {}

  /** Resolves with the reply once its head has arrived (a held SessionTransport reply: once it is answered). */
  post(body: unknown): Promise<Reply> {
    return this.exchange(`POST ${label(body)}`, {
      method: "POST",
      headers: { accept: "application/json, text/event-stream", "content-type": "application/json" },
      body: JSON.stringify(body),
    });
  }

  get(): Promise<Reply> {
    return this.exchange("GET", { headers: { accept: "text/event-stream" } });
  }

  delete(): Promise<Reply> {
    this.deleted = true;
    return this.exchange("DELETE", { method: "DELETE" });
  }

  async initialize(): Promise<void> {
    const reply = await this.post({
      jsonrpc: "2.0",
      id: 0,
      method: "initialize",
      params: {
        protocolVersion: this.version,
        capabilities: { sampling: {} },
        clientInfo: { name: "raw", version: "1" },
      },
    });
    this.sessionId = reply.sessionId ?? undefined;
    await this.post({ jsonrpc: "2.0", method: "notifications/initialized" });
  }

  /** Every exchange's status and messages, once all replies have ended (DELETE ends the session's streams). */
  async transcript() {
    if (!this.deleted) await this.delete();
    return Promise.all(
      this.exchanges.map(async ({ request, reply }) => {
        const { status, messages, ended } = await reply;
        await ended;
        return { request, status, messages };
      }),
    );
  }

  private exchange(request: string, init: RequestInit): Promise<Reply> {
    const headers = {
      ...(init.headers as Record<string, string>),
      ...(this.sessionId && { "mcp-session-id": this.sessionId, "mcp-protocol-version": this.version }),
    };
    const reply = fetch(this.url, { ...init, headers }).then(receive);
    this.exchanges.push({ request, reply });
    return reply;
  }
}

const toolCall = (id: number, name: string, extra: Message = {}) => ({
  jsonrpc: "2.0",
  id,
  method: "tools/call",
  params: { name, arguments: { text: `call ${id}` }, ...extra },
});

type Transcript = Awaited<ReturnType<RawClient["transcript"]>>;

interface Scenario {
  name: string;
  run(client: RawClient, tool: ScriptedTool): Promise<unknown>;
  /** What SessionTransport must send where it differs from the SDK on purpose (each case says why). */
  hubDiffers?: (sdk: Transcript) => Transcript;
}

const scenarios: Scenario[] = [
  { name: "a result", run: (client) => client.post(toolCall(1, "echo")) },
  { name: "a JSON-RPC error from the handler", run: (client) => client.post(toolCall(1, "fail")) },
  { name: "a thrown non-MCP error", run: (client) => client.post(toolCall(1, "throw")) },
  {
    name: "a method the server does not offer",
    run: (client) => client.post({ jsonrpc: "2.0", id: 1, method: "prompts/list" }),
  },
  {
    name: "a request whose _meta the SDK refuses",
    run: (client) => client.post(toolCall(1, "echo", { _meta: { progressToken: 1.5 } })),
  },
  {
    name: "a request id beyond safe integers (the SDK refuses it)",
    run: (client) => client.post(toolCall(2 ** 60, "echo")),
  },
  {
    name: "a notification whose _meta the SDK refuses",
    run: (client) =>
      client.post({ jsonrpc: "2.0", method: "notifications/initialized", params: { _meta: "x" } }),
  },
  {
    name: "a batch of calls",
    run: (client) => client.post([toolCall(1, "echo"), toolCall(2, "fail"), toolCall(3, "echo")]),
  },
  {
    name: "a batch whose last call outlasts SessionTransport's hold",
    async run(client, tool) {
      const batch = client.post([toolCall(1, "echo"), toolCall(2, "hang")]);
      await tool.hanging;
      await batch; // the head: SessionTransport opens the stream with the answer it held, when its hold expires
      tool.release();
    },
  },
  {
    name: "progress before the result (a call with a progress token is left to the SDK Server)",
    run: (client) => client.post(toolCall(1, "progress", { _meta: { progressToken: "p" } })),
  },
  {
    name: "a server→client request before the result",
    async run(client) {
      const call = await client.post(toolCall(1, "sample"));
      const request = await call.next((m) => m.method === "sampling/createMessage");
      await client.post({
        jsonrpc: "2.0",
        id: request.id,
        result: { role: "assistant", model: "m", content: { type: "text", text: "sampled" } },
      });
      await call.ended;
    },
  },
  {
    name: "a notification related to no request, on the GET stream",
    async run(client) {
      await client.get();
      // The notification is written before the call's answer; the transcript's DELETE then ends the GET stream.
      const call = await client.post(toolCall(1, "announce"));
      await call.ended;
    },
  },
  {
    name: "a result that takes longer than SessionTransport's hold",
    async run(client, tool) {
      const call = client.post(toolCall(1, "hang"));
      await tool.hanging;
      await call; // the head: SessionTransport sends it when its hold expires, as an event stream
      tool.release();
    },
  },
  {
    name: "the client cancels the call mid-call",
    async run(client, tool) {
      const call = client.post(toolCall(1, "linger"));
      await tool.hanging;
      await client.post({
        jsonrpc: "2.0",
        method: "notifications/cancelled",
        params: { requestId: 1, reason: "user pressed stop" },
      });
      // The lingering handler answers now, after the cancellation: that answer must reach the client on neither side.
      tool.release();
      await tool.idle();
      return call;
    },
  },
  {
    name: "the session is closed (DELETE) mid-call",
    async run(client, tool) {
      const call = client.post(toolCall(1, "hang"));
      await tool.hanging;
      await client.delete();
      return call;
    },
    // Intended: the SDK ends the call's stream without a word, leaving its client waiting for an answer until its
    // own timeout; SessionTransport answers what was still running with "Session closed", so the client learns now.
    hubDiffers: (sdk) =>
      sdk.map((exchange) =>
        exchange.request === "POST tools/call 1"
          ? {
              ...exchange,
              messages: [
                ...exchange.messages,
                { jsonrpc: "2.0", id: 1, error: { code: -32000, message: "Session closed" } },
              ],
            }
          : exchange,
      ),
  },
];

/** One scenario on a fresh host: what the client received on every exchange, and what the handler saw. */
async function runOn(side: Side, version: string, scenario: Scenario) {
  const host = await startHost(side);
  hosts.push(host);
  const client = new RawClient(host.url, version);
  await client.initialize();
  await scenario.run(client, host.tool);
  host.tool.release();
  await host.tool.idle();
  return { exchanges: await client.transcript(), handler: host.tool.events };
}

let hosts: Awaited<ReturnType<typeof startHost>>[] = [];
afterEach(async () => {
  await Promise.all(hosts.map((h) => h.close()));
  hosts = [];
});

describe.each(["2025-06-18", "2025-11-25"])("SessionTransport and the SDK's transport (%s)", (version) => {
  it.each(scenarios.map((s) => [s.name, s] as const))("send the same messages: %s", async (_, scenario) => {
    const sdk = await runOn("sdk", version, scenario);
    const expected = scenario.hubDiffers ? scenario.hubDiffers(sdk.exchanges) : sdk.exchanges;
    for (const side of ["hub", "hub with DirectCalls"] as const) {
      const hub = await runOn(side, version, scenario);
      expect(hub.exchanges, side).toEqual(expected);
      expect(hub.handler, side).toEqual(sdk.handler);
    }
  });
});

/**
 * Differential test of RelayRequests (downstream/relayRequests.ts): a request sent beside the SDK Client must reach
 * the server as the Client's own request would, and settle for the caller as `Client.request` settles — result,
 * error (code, message, data), abort, timeout, the connection's end — with the same notifications/cancelled sent
 * to the server. Each scenario runs twice against the same kind of server (an SDK Server with the scripted tool,
 * over an in-memory link), connected as the hub connects every downstream server.
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { initialize } from "../../src/downstream/connection.js";
import { relayOf } from "../../src/downstream/orderedTransport.js";
import { renumbering, ScriptedTool, scriptedServer } from "../support/differential.js";

/** What hub.ts asks Client.request to check a relayed result against: any object. */
const RELAYED = z.looseObject({});

type Path = "sdk" | "relay";

interface RequestOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
}

interface Connection {
  tool: ScriptedTool;
  /** Sends a tools/call for `name` the way `path` does, as hub.ts's forward sends a call without progress. */
  request(name: string, options?: RequestOptions): Promise<unknown>;
  /** Ends the connection from the server's side. */
  closeServer(): Promise<void>;
}

/** How the caller saw a request end: the result, or the error's class, code, message and data, or what was thrown. */
async function outcome(pending: Promise<unknown>) {
  try {
    return { result: await pending };
  } catch (error) {
    if (!(error instanceof Error)) return { thrown: error };
    const { code, data } = error as Error & { code?: unknown; data?: unknown };
    return { error: { class: error.constructor.name, code, message: error.message, data } };
  }
}

/** One scenario on a fresh connection: what the server received, in order, and how each request ended. */
async function runOn(path: Path, scenario: (connection: Connection) => Promise<Promise<unknown>[]>) {
  const tool = new ScriptedTool();
  const server = scriptedServer(tool);
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  const received: JSONRPCMessage[] = [];
  serverSide.onmessage = (message) => void received.push(message); // the Server chains its own after this
  await server.connect(serverSide);
  const client = await initialize(() => new Client({ name: "hub", version: "1" }), clientSide, {
    connectTimeoutMs: 5_000,
  });
  // Taken now: after the connection ends relayOf finds no transport (hub.ts then uses the Client, which refuses).
  const relay = relayOf(client)!;
  const connection: Connection = {
    tool,
    request(name, { signal = new AbortController().signal, timeoutMs = 60_000 } = {}) {
      const params = { name, arguments: { text: name } };
      return path === "sdk"
        ? client.request({ method: "tools/call", params }, RELAYED, {
            signal,
            timeout: timeoutMs,
            resetTimeoutOnProgress: true,
          })
        : relay.request("tools/call", params, { signal, timeoutMs });
    },
    closeServer: () => server.close(),
  };
  const outcomes = await Promise.all((await scenario(connection)).map(outcome));
  // A last request on the same link is answered only after the server has handled everything sent before it.
  if (client.transport) await client.ping();
  tool.release();
  await tool.idle();
  await client.close();
  const renumber = renumbering();
  return { server: received.map(renumber), handler: tool.events.map(renumber), outcomes };
}

const scenarios: [string, (connection: Connection) => Promise<Promise<unknown>[]>][] = [
  ["a result", async ({ request }) => [request("echo")]],
  ["a JSON-RPC error from the server", async ({ request }) => [request("fail")]],
  ["a non-MCP error thrown in the server", async ({ request }) => [request("throw")]],
  ["a call the server does not know", async ({ request }) => [request("nope")]],
  [
    "two calls answered out of order",
    async ({ request, tool }) => {
      const slow = request("hang");
      await tool.hanging;
      const fast = request("echo");
      await fast;
      tool.release();
      return [slow, fast];
    },
  ],
  [
    "the caller aborts mid-call (a client's notifications/cancelled, with its reason)",
    async ({ request, tool }) => {
      const controller = new AbortController();
      const call = request("hang", { signal: controller.signal });
      await tool.hanging;
      controller.abort("user pressed stop");
      return [call];
    },
  ],
  [
    "the caller aborts mid-call without a reason (its session closed)",
    async ({ request, tool }) => {
      const controller = new AbortController();
      const call = request("hang", { signal: controller.signal });
      await tool.hanging;
      controller.abort();
      return [call];
    },
  ],
  [
    "the caller's signal was aborted before the call",
    async ({ request }) => [request("echo", { signal: AbortSignal.abort("too late") })],
  ],
  ["the call times out", async ({ request }) => [request("hang", { timeoutMs: 30 })]],
  [
    "the connection closes mid-call",
    async ({ request, tool, closeServer }) => {
      const call = request("hang");
      await tool.hanging;
      await closeServer();
      return [call];
    },
  ],
  [
    "a call on a closed connection",
    async ({ request, closeServer }) => {
      await closeServer();
      return [request("echo")];
    },
  ],
];

describe("a relayed request sent beside the SDK Client and by it", () => {
  it.each(scenarios)("reaches the server and settles the same: %s", async (_, scenario) => {
    const sdk = await runOn("sdk", scenario);
    const relay = await runOn("relay", scenario);
    expect(relay).toEqual(sdk);
  });
});

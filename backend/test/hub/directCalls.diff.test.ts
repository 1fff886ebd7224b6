/**
 * Differential test of DirectCalls (hub/directCalls.ts): a hub session's plain tools/call answered past its SDK
 * Server must send the client the same messages, in the same order, as the Server answering it — and hand the
 * hub's handler the same params, id and abort. Each scenario runs on a fresh session of a real Hub whose
 * tools.call is the scripted tool (it stands in for the downstream server), once with DirectCalls intercepting and once without.
 * No timeout scenario: DirectCalls has none of its own (the call timeout is relayRequests', tested there).
 */
import type { Transport, TransportSendOptions } from "@modelcontextprotocol/sdk/shared/transport.js";
import type { JSONRPCMessage, RequestId } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Hub } from "../../src/hub/index.js";
import { ScriptedTool } from "../support/differential.js";
import { startUnitHub, type UnitHub } from "./unitHub.js";

/** The session's end of the connection: what it is sent is delivered as SessionTransport delivers it. */
class ObservedTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;
  /** As SessionTransport.intercept: sees each message first and keeps what it answers. */
  intercept?: (message: JSONRPCMessage) => boolean;
  /** What the session sent, with the request each message belongs to (which POST's reply carries it). */
  readonly sent: { message: JSONRPCMessage; relatedRequestId?: RequestId }[] = [];

  async start(): Promise<void> {}
  async send(message: JSONRPCMessage, options?: TransportSendOptions): Promise<void> {
    const relatedRequestId = options?.relatedRequestId;
    this.sent.push(relatedRequestId === undefined ? { message } : { message, relatedRequestId });
  }
  async close(): Promise<void> {
    this.onclose?.();
  }
  receive(message: JSONRPCMessage): void {
    if (!this.intercept?.(message)) this.onmessage?.(message);
  }
}

let unit: UnitHub;
let hub: Hub;
beforeAll(async () => {
  unit = await startUnitHub();
  hub = unit.hub;
});
afterAll(async () => {
  await unit?.close();
});

interface Session {
  transport: ObservedTransport;
  tool: ScriptedTool;
  send(message: Record<string, unknown>): void;
}

/** One scenario on a fresh, initialized session; `direct`: wired as transport/streamableHttp.ts wires it. */
async function runOn(direct: boolean, scenario: (session: Session) => Promise<void>) {
  const tool = new ScriptedTool();
  vi.spyOn(hub.tools, "call").mockImplementation((_session, params, context) => tool.call(params, context));
  const session = hub.createSession({ transport: "streamable-http" });
  const transport = new ObservedTransport();
  if (direct) {
    const calls = session.directCalls((message, options) => transport.send(message, options))!;
    transport.intercept = (message) => calls.take(message);
    transport.onclose = () => calls.close();
  }
  await session.server.connect(transport);
  const send = (message: Record<string, unknown>) =>
    transport.receive({ jsonrpc: "2.0", ...message } as JSONRPCMessage);
  send({
    id: 0,
    method: "initialize",
    params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "raw", version: "1" } },
  });
  await flush();
  send({ method: "notifications/initialized" });
  await scenario({ transport, tool, send });
  tool.release();
  await tool.idle();
  await session.server.close();
  return { sent: transport.sent, handler: tool.events };
}

/**
 * Lets every message sent so far be answered (the answers are a few microtasks away). Requests in flight together
 * are answered in whatever order they finish, and DirectCalls finishes sooner than the SDK Server: JSON-RPC leaves
 * that order open (a batch's answers "MAY be returned in any order"), so the scenarios let each request be answered
 * before the next unless the order is what they test.
 */
const flush = () => new Promise((resolve) => setImmediate(resolve));

const call = (id: number, name: string, params: Record<string, unknown> = {}) => ({
  id,
  method: "tools/call",
  params: { name, arguments: { text: `call ${id}` }, ...params },
});
const cancel = (requestId: number) => ({
  method: "notifications/cancelled",
  params: { requestId, reason: "user pressed stop" },
});

/** `hang` ends with the abort; `linger` answers all the same once released, after the abort: that must go nowhere. */
const cancelMidCall =
  (name: "hang" | "linger") =>
  async ({ send, tool }: Session) => {
    send(call(1, name));
    await tool.hanging;
    send(cancel(1));
    await flush();
    tool.release();
    await tool.idle();
    send(call(2, "echo")); // the session goes on answering
  };

const closeMidCall =
  (name: "hang" | "linger") =>
  async ({ transport, tool, send }: Session) => {
    send(call(1, name));
    await tool.hanging;
    await transport.close();
    tool.release();
  };

const scenarios: [string, (session: Session) => Promise<void>][] = [
  ["a result", async ({ send }) => send(call(1, "echo"))],
  ["a JSON-RPC error from the handler", async ({ send }) => send(call(1, "fail"))],
  ["a thrown non-MCP error", async ({ send }) => send(call(1, "throw"))],
  ["a notification from the handler mid-call", async ({ send }) => send(call(1, "notify"))],
  [
    "a call without arguments",
    async ({ send }) => send({ id: 1, method: "tools/call", params: { name: "echo" } }),
  ],
  [
    "a call with _meta but no progress token",
    async ({ send }) => send(call(1, "echo", { _meta: { trace: "t" } })),
  ],
  [
    "a call whose _meta names a related task",
    async ({ send }) =>
      send(call(1, "echo", { _meta: { "io.modelcontextprotocol/related-task": { taskId: "t" } } })),
  ],
  ["params the SDK does not know", async ({ send }) => send(call(1, "echo", { unknown: { x: 1 } }))],
  [
    "a malformed call (left to the SDK)",
    async ({ send }) => send({ id: 1, method: "tools/call", params: {} }),
  ],
  [
    "calls answered out of order",
    async ({ send, tool }) => {
      send(call(1, "hang"));
      await tool.hanging;
      send(call(2, "echo"));
      await flush(); // echo answered; hang answers once released
    },
  ],
  ["the client cancels the call mid-call", cancelMidCall("hang")],
  ["the client cancels a call whose handler answers all the same", cancelMidCall("linger")],
  [
    "a cancellation for a call already answered",
    async ({ send, tool }) => {
      send(call(1, "echo"));
      await tool.idle();
      send(cancel(1));
      await flush();
      send(call(2, "echo"));
    },
  ],
  ["the session is closed mid-call", closeMidCall("hang")],
  ["the session is closed under a call whose handler answers all the same", closeMidCall("linger")],
];

describe("a session's tools/call with DirectCalls and with its SDK Server", () => {
  it.each(scenarios)("sends the same messages: %s", async (_, scenario) => {
    const sdk = await runOn(false, scenario);
    const direct = await runOn(true, scenario);
    expect(direct).toEqual(sdk);
  });
});

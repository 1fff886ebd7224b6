/**
 * A hub session driven over raw JSON-RPC, for the differential tests of the session's SDK bypasses
 * (directCalls.diff.test.ts, sessionHandlers.diff.test.ts): each scenario runs on a fresh, initialized session of a
 * real Hub whose tools.call is the scripted tool (it stands in for the downstream server), once wired the SDK's way
 * and once with the bypass, and the test compares what the session sent and what the handler saw.
 */
import type { Transport, TransportSendOptions } from "@modelcontextprotocol/sdk/shared/transport.js";
import type { JSONRPCMessage, RequestId } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, vi } from "vitest";
import type { ClientSession, Hub } from "../../src/hub/index.js";
import { ScriptedTool } from "../support/differential.js";
import { startUnitHub, type UnitHub } from "./unitHub.js";

/** A unit hub started before the file's tests and closed after them; `hub` is read once they run. */
export function hubForFile(): { readonly hub: Hub } {
  let unit: UnitHub | undefined;
  beforeAll(async () => {
    unit = await startUnitHub();
  });
  afterAll(async () => {
    await unit?.close();
  });
  return {
    get hub() {
      return unit!.hub;
    },
  };
}

/** The session's end of the connection: what it is sent is delivered as SessionTransport delivers it. */
export class ObservedTransport implements Transport {
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

export interface Session {
  transport: ObservedTransport;
  tool: ScriptedTool;
  send(message: Record<string, unknown>): void;
}

/** Wires one side of the comparison into a new session before it connects. */
export type Wiring = (session: ClientSession, transport: ObservedTransport) => void;

/** One scenario on a fresh, initialized session of `hub`: what the session sent, and what the handler saw. */
export async function runSession(hub: Hub, wire: Wiring, scenario: (session: Session) => Promise<void>) {
  const tool = new ScriptedTool();
  vi.spyOn(hub.tools, "call").mockImplementation((_session, params, context) => tool.call(params, context));
  const session = hub.createSession({ transport: "streamable-http" });
  const transport = new ObservedTransport();
  wire(session, transport);
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
 * are answered in whatever order they finish, and a bypass may finish sooner than the SDK Server: JSON-RPC leaves
 * that order open (a batch's answers "MAY be returned in any order"), so the scenarios let each request be answered
 * before the next unless the order is what they test.
 */
export const flush = () => new Promise((resolve) => setImmediate(resolve));

export const call = (id: number, name: string, params: Record<string, unknown> = {}) => ({
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

/** What every bypass of a session's tools/call must answer as the SDK Server does. */
export const sessionScenarios: [string, (session: Session) => Promise<void>][] = [
  ["a result", async ({ send }) => send(call(1, "echo"))],
  ["a JSON-RPC error from the handler", async ({ send }) => send(call(1, "fail"))],
  ["an McpError from the handler", async ({ send }) => send(call(1, "mcp-fail"))],
  ["a thrown non-MCP error", async ({ send }) => send(call(1, "throw"))],
  ["a notification from the handler mid-call", async ({ send }) => send(call(1, "notify"))],
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

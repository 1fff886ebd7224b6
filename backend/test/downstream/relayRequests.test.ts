import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import { ErrorCode, McpError, type JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import { describe, expect, it } from "vitest";
import { OrderedTransport } from "../../src/downstream/orderedTransport.js";

/** The server end, driven by the test: it records what the hub sends and delivers what the test says. */
class ScriptedServer implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;
  readonly sent: JSONRPCMessage[] = [];
  failSends = false;

  async start(): Promise<void> {}
  async close(): Promise<void> {
    this.onclose?.();
  }
  async send(message: JSONRPCMessage): Promise<void> {
    if (this.failSends) throw new Error("EPIPE");
    this.sent.push(message);
  }
  lastRequestId(): number {
    const request = this.sent.findLast((m) => "id" in m && "method" in m);
    return (request as { id: number }).id;
  }
}

function setUp() {
  const server = new ScriptedServer();
  const transport = new OrderedTransport(server);
  const seenBySdk: JSONRPCMessage[] = [];
  transport.onmessage = (message) => seenBySdk.push(message);
  return { server, transport, seenBySdk, relay: transport.relay };
}

const options = (timeoutMs = 60_000) => ({ signal: new AbortController().signal, timeoutMs });
const flush = () => new Promise((resolve) => setImmediate(resolve));

describe("relay requests beside the SDK client", () => {
  it("sends the request as it is and resolves with the result, which the SDK client never sees", async () => {
    const { server, seenBySdk, relay } = setUp();
    const call = relay.request("tools/call", { name: "echo", arguments: { text: "hi" } }, options());
    await flush();
    const id = server.lastRequestId();
    expect(server.sent).toEqual([
      { jsonrpc: "2.0", id, method: "tools/call", params: { name: "echo", arguments: { text: "hi" } } },
    ]);
    // Far above the SDK client's own ids on the connection, which count from 0.
    expect(id).toBeGreaterThanOrEqual(1_000_000_000);
    server.onmessage?.({ jsonrpc: "2.0", id: 0, result: {} }); // the SDK client's
    server.onmessage?.({ jsonrpc: "2.0", id, result: { content: [{ type: "text", text: "hi" }] } });
    await expect(call).resolves.toEqual({ content: [{ type: "text", text: "hi" }] });
    expect(seenBySdk).toEqual([{ jsonrpc: "2.0", id: 0, result: {} }]);
  });

  it("keeps the response behind the server's messages that came before it", async () => {
    const { server, seenBySdk, relay } = setUp();
    const call = relay.request("tools/call", { name: "work" }, options());
    await flush();
    const log = {
      jsonrpc: "2.0" as const,
      method: "notifications/message",
      params: { level: "info", data: "x" },
    };
    server.onmessage?.(log);
    server.onmessage?.({ jsonrpc: "2.0", id: server.lastRequestId(), result: {} });
    const seenWhenAnswered = await call.then(() => [...seenBySdk]);
    expect(seenWhenAnswered).toEqual([log]);
  });

  it("rejects with the server's error as an McpError with its code and data", async () => {
    const { server, relay } = setUp();
    const call = relay.request("tools/call", { name: "nope" }, options());
    await flush();
    server.onmessage?.({
      jsonrpc: "2.0",
      id: server.lastRequestId(),
      error: { code: ErrorCode.InvalidParams, message: "Unknown tool: nope", data: { tool: "nope" } },
    });
    const error = await call.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(McpError);
    expect(error).toMatchObject({ code: ErrorCode.InvalidParams, data: { tool: "nope" } });
    expect((error as Error).message).toBe("MCP error -32602: Unknown tool: nope");
  });

  it("rejects a result that is not an object", async () => {
    const { server, relay } = setUp();
    const call = relay.request("tools/call", { name: "odd" }, options());
    await flush();
    server.onmessage?.({ jsonrpc: "2.0", id: server.lastRequestId(), result: [1, 2] as never });
    await expect(call).rejects.toMatchObject({ code: ErrorCode.InternalError });
  });

  it("times out as the SDK does, and tells the server to stop", async () => {
    const { server, relay } = setUp();
    const error = await relay.request("tools/call", { name: "hang" }, options(20)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(McpError);
    expect(error).toMatchObject({ code: ErrorCode.RequestTimeout, data: { timeout: 20 } });
    expect(server.sent.at(-1)).toMatchObject({
      method: "notifications/cancelled",
      params: { requestId: server.lastRequestId() },
    });
  });

  it("on abort, tells the server and rejects; a late answer then goes to the SDK client like any stray one", async () => {
    const { server, seenBySdk, relay } = setUp();
    const controller = new AbortController();
    const call = relay.request(
      "tools/call",
      { name: "slow" },
      { signal: controller.signal, timeoutMs: 60_000 },
    );
    await flush();
    const id = server.lastRequestId();
    controller.abort("the user gave up");
    await expect(call).rejects.toMatchObject({ code: ErrorCode.RequestTimeout, message: /the user gave up/ });
    expect(server.sent.at(-1)).toEqual({
      jsonrpc: "2.0",
      method: "notifications/cancelled",
      params: { requestId: id, reason: expect.stringContaining("the user gave up") },
    });
    server.onmessage?.({ jsonrpc: "2.0", id, result: {} });
    await flush();
    expect(seenBySdk).toEqual([{ jsonrpc: "2.0", id, result: {} }]);
  });

  it("refuses an already aborted call without sending it", async () => {
    const { server, relay } = setUp();
    const signal = AbortSignal.abort(new Error("too late"));
    await expect(relay.request("tools/call", { name: "x" }, { signal, timeoutMs: 1000 })).rejects.toThrow(
      "too late",
    );
    expect(server.sent).toEqual([]);
  });

  it("fails pending requests with ConnectionClosed when the connection ends, and refuses new ones", async () => {
    const { server, relay } = setUp();
    const call = relay.request("tools/call", { name: "x" }, options());
    await flush();
    await server.close();
    await expect(call).rejects.toMatchObject({ code: ErrorCode.ConnectionClosed });
    await expect(relay.request("tools/call", { name: "y" }, options())).rejects.toThrow("Not connected");
  });

  it("fails the request when it cannot be written", async () => {
    const { server, relay } = setUp();
    server.failSends = true;
    await expect(relay.request("tools/call", { name: "x" }, options())).rejects.toThrow("EPIPE");
  });
});

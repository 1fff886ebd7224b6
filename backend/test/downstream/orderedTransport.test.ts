import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import {
  CallToolResultSchema,
  LATEST_PROTOCOL_VERSION,
  type JSONRPCMessage,
  type Progress,
} from "@modelcontextprotocol/sdk/types.js";
import { describe, expect, it } from "vitest";
import { OrderedTransport } from "../../src/downstream/orderedTransport.js";

/**
 * A server that answers tools/call the way a stdio line batch or an SSE chunk delivers it: the final progress and
 * the result in one synchronous burst — optionally followed at once by the end of the connection.
 */
class BurstyServer implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;
  constructor(private readonly closeAfterResult = false) {}

  async start(): Promise<void> {}
  async close(): Promise<void> {
    this.onclose?.();
  }
  async send(message: JSONRPCMessage): Promise<void> {
    if (!("method" in message) || !("id" in message)) return;
    const reply = (result: Record<string, unknown>) => ({ jsonrpc: "2.0" as const, id: message.id, result });
    if (message.method === "initialize")
      queueMicrotask(() =>
        this.onmessage?.(
          reply({
            protocolVersion: LATEST_PROTOCOL_VERSION,
            capabilities: { tools: {} },
            serverInfo: { name: "bursty", version: "1" },
          }),
        ),
      );
    if (message.method === "tools/call") {
      const progressToken = (message.params?._meta as { progressToken: number }).progressToken;
      queueMicrotask(() => {
        this.onmessage?.({
          jsonrpc: "2.0",
          method: "notifications/progress",
          params: { progressToken, progress: 1, total: 1 },
        });
        this.onmessage?.(reply({ content: [{ type: "text", text: "done" }] }));
        if (this.closeAfterResult) this.onclose?.();
      });
    }
  }
}

async function callWithProgress(transport: Transport) {
  const client = new Client({ name: "t", version: "1" });
  await client.connect(transport);
  const progress: Progress[] = [];
  const result = await client.request(
    { method: "tools/call", params: { name: "work", arguments: {} } },
    CallToolResultSchema,
    { onprogress: (p) => progress.push(p) },
  );
  return { progress, result };
}

describe("OrderedTransport", () => {
  it("control: without it, the SDK loses a progress notification that arrives with its result", async () => {
    const { progress } = await callWithProgress(new BurstyServer());
    expect(progress).toEqual([]);
  });

  it("delivers the progress before the result", async () => {
    const { progress, result } = await callWithProgress(new OrderedTransport(new BurstyServer()));
    expect(progress).toEqual([{ progress: 1, total: 1 }]);
    expect(result.content).toEqual([{ type: "text", text: "done" }]);
  });

  it("does not let the close overtake the messages that arrived before it", async () => {
    const { result } = await callWithProgress(new OrderedTransport(new BurstyServer(true)));
    expect(result.content).toEqual([{ type: "text", text: "done" }]);
  });
});

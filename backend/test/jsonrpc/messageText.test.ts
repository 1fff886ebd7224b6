import { describe, expect, it } from "vitest";
import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import { keepText, messageText } from "../../src/jsonrpc/index.js";

describe("messageText", () => {
  it("is JSON.stringify for any message whose result was not marked", () => {
    const messages: JSONRPCMessage[] = [
      { jsonrpc: "2.0", id: 1, result: { tools: [] } },
      { jsonrpc: "2.0", id: "a", method: "ping" },
      { jsonrpc: "2.0", method: "notifications/progress", params: { progressToken: 1, progress: 1 } },
      { jsonrpc: "2.0", id: 2, error: { code: -32601, message: "Method not found" } },
    ];
    for (const message of messages) expect(messageText(message)).toBe(JSON.stringify(message));
  });

  it("serializes a marked result once, and answers each id with it", () => {
    let serialized = 0;
    const result = keepText({
      tools: [{ name: "fx__echo", inputSchema: { type: "object" } }],
      toJSON() {
        serialized++;
        return { tools: this.tools };
      },
    });
    const first = messageText({ jsonrpc: "2.0", id: 7, result });
    const second = messageText({ jsonrpc: "2.0", id: 'say "hi"', result });
    expect(serialized).toBe(1);
    expect(JSON.parse(first)).toEqual({ jsonrpc: "2.0", id: 7, result: { tools: result.tools } });
    expect(JSON.parse(second)).toEqual({ jsonrpc: "2.0", id: 'say "hi"', result: { tools: result.tools } });
  });

  it("freezes what it marks, so the kept text cannot go stale", () => {
    const result = keepText({ tools: [] as unknown[] });
    expect(Object.isFrozen(result)).toBe(true);
    expect(() => {
      (result as { tools: unknown[] }).tools = [1];
    }).toThrow(TypeError);
  });
});

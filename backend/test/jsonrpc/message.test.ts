import { JSONRPCMessageSchema, RELATED_TASK_META_KEY } from "@modelcontextprotocol/sdk/types.js";
import { describe, expect, it } from "vitest";
import { isJsonRpcMessage, parseJsonRpcLine } from "../../src/jsonrpc/index.js";

/** The zod-free envelope check must accept and refuse exactly what the SDK's JSONRPCMessageSchema does. */
const cases: [string, unknown][] = [
  ["request", { jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "x" } }],
  ["request with string id, no params", { jsonrpc: "2.0", id: "a", method: "ping" }],
  ["notification", { jsonrpc: "2.0", method: "notifications/initialized" }],
  ["result", { jsonrpc: "2.0", id: 1, result: { content: [] } }],
  ["error", { jsonrpc: "2.0", id: 1, error: { code: -32601, message: "no", data: { x: 1 } } }],
  ["error without id", { jsonrpc: "2.0", error: { code: -32700, message: "parse" } }],
  ["wrong version", { jsonrpc: "1.0", id: 1, method: "ping" }],
  ["no version", { id: 1, method: "ping" }],
  ["fractional id", { jsonrpc: "2.0", id: 1.5, method: "ping" }],
  ["null id request", { jsonrpc: "2.0", id: null, method: "ping" }],
  ["array params", { jsonrpc: "2.0", id: 1, method: "x", params: [1] }],
  ["extra key", { jsonrpc: "2.0", id: 1, method: "ping", extra: true }],
  ["result and error", { jsonrpc: "2.0", id: 1, result: {}, error: { code: 1, message: "m" } }],
  ["non-object result", { jsonrpc: "2.0", id: 1, result: 5 }],
  ["result without id", { jsonrpc: "2.0", result: {} }],
  ["error without code", { jsonrpc: "2.0", id: 1, error: { message: "m" } }],
  ["error with fractional code", { jsonrpc: "2.0", id: 1, error: { code: 1.5, message: "m" } }],
  ["method not a string", { jsonrpc: "2.0", id: 1, method: 5 }],
  ["id beyond safe integers", { jsonrpc: "2.0", id: 2 ** 60, method: "ping" }],
  ["error code beyond safe integers", { jsonrpc: "2.0", id: 1, error: { code: 2 ** 60, message: "m" } }],
  ["request _meta", { jsonrpc: "2.0", id: 1, method: "x", params: { _meta: { progressToken: "p", a: 1 } } }],
  ["request _meta not an object", { jsonrpc: "2.0", id: 1, method: "x", params: { _meta: [] } }],
  [
    "fractional progress token",
    { jsonrpc: "2.0", id: 1, method: "x", params: { _meta: { progressToken: 1.5 } } },
  ],
  ["null progress token", { jsonrpc: "2.0", id: 1, method: "x", params: { _meta: { progressToken: null } } }],
  [
    "related task",
    {
      jsonrpc: "2.0",
      id: 1,
      method: "x",
      params: { _meta: { [RELATED_TASK_META_KEY]: { taskId: "t", x: 1 } } },
    },
  ],
  [
    "malformed related task",
    { jsonrpc: "2.0", id: 1, method: "x", params: { _meta: { [RELATED_TASK_META_KEY]: 7 } } },
  ],
  ["notification _meta not an object", { jsonrpc: "2.0", method: "x", params: { _meta: "m" } }],
  ["result _meta", { jsonrpc: "2.0", id: 1, result: { _meta: { progressToken: 3 } } }],
  ["result _meta not an object", { jsonrpc: "2.0", id: 1, result: { _meta: null } }],
  ["error data with _meta", { jsonrpc: "2.0", id: 1, error: { code: 1, message: "m", data: { _meta: 5 } } }],
  ["array", [{ jsonrpc: "2.0", method: "ping" }]],
  ["null", null],
  ["string", "ping"],
];

describe("isJsonRpcMessage", () => {
  for (const [name, value] of cases)
    it(`agrees with JSONRPCMessageSchema on: ${name}`, () => {
      expect(isJsonRpcMessage(value)).toBe(JSONRPCMessageSchema.safeParse(value).success);
    });
});

describe("parseJsonRpcLine", () => {
  it("parses a message and names what is wrong with anything else", () => {
    expect(parseJsonRpcLine('{"jsonrpc":"2.0","method":"ping","id":3}')).toEqual({
      jsonrpc: "2.0",
      method: "ping",
      id: 3,
    });
    expect(() => parseJsonRpcLine('{"hello":1}')).toThrow(/not a JSON-RPC 2.0 message: \{"hello":1\}/);
    expect(() => parseJsonRpcLine("server started on port 3000")).toThrow(SyntaxError);
  });
});

import { ErrorCode, type JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import { describe, expect, it } from "vitest";
import { DirectCalls } from "../../src/hub/directCalls.js";
import type { CallContext } from "../../src/hub/index.js";
import { RpcError } from "../../src/hub/rpcError.js";

type Outcome = { result?: Record<string, unknown>; error?: unknown };

/** DirectCalls over a tool handler the test settles by hand; `sent` is what the session would answer. */
function setUp() {
  const calls: Array<{ params: unknown; context: CallContext; settle: (o: Outcome) => void }> = [];
  const sent: JSONRPCMessage[] = [];
  const relatedTo: unknown[] = [];
  const direct = new DirectCalls(
    (params, context) =>
      new Promise((resolve, reject) =>
        calls.push({
          params,
          context,
          settle: (o) => (o.error === undefined ? resolve(o.result as never) : reject(o.error)),
        }),
      ),
    async (message, options) => {
      sent.push(message);
      relatedTo.push(options?.relatedRequestId);
    },
  );
  return { direct, calls, sent, relatedTo };
}

const call = (id: number, params: Record<string, unknown>): JSONRPCMessage => ({
  jsonrpc: "2.0",
  id,
  method: "tools/call",
  params,
});
const flush = () => new Promise((resolve) => setImmediate(resolve));

describe("tools/call answered past the SDK server", () => {
  it("answers a plain call with the handler's result", async () => {
    const { direct, calls, sent } = setUp();
    expect(direct.take(call(7, { name: "fx__echo", arguments: { text: "hi" } }))).toBe(true);
    expect(calls[0]?.params).toEqual({ name: "fx__echo", arguments: { text: "hi" } });
    expect(calls[0]?.context).toMatchObject({ requestId: 7 });
    calls[0]?.settle({ result: { content: [] } });
    await flush();
    expect(sent).toEqual([{ jsonrpc: "2.0", id: 7, result: { content: [] } }]);
  });

  it("sends the handler's notifications on the call's stream, and none once the call is cancelled", async () => {
    const { direct, calls, sent, relatedTo } = setUp();
    direct.take(call(8, { name: "fx__slow" }));
    const progress = { method: "notifications/progress" as const, params: { progressToken: 1, progress: 1 } };
    await calls[0]?.context.sendNotification(progress);
    expect(sent).toEqual([{ jsonrpc: "2.0", ...progress }]);
    expect(relatedTo).toEqual([8]);
    direct.take({ jsonrpc: "2.0", method: "notifications/cancelled", params: { requestId: 8 } });
    await calls[0]?.context.sendNotification(progress);
    expect(sent).toHaveLength(1);
  });

  it("leaves the SDK server everything it must validate or relay progress for", () => {
    const { direct, calls } = setUp();
    const notOurs: JSONRPCMessage[] = [
      call(1, { name: "t", _meta: { progressToken: "p" } }),
      call(2, { name: "t", task: { ttl: 1000 } }),
      call(3, { arguments: {} }),
      call(4, { name: "t", arguments: ["not", "an", "object"] }),
      { jsonrpc: "2.0", id: 5, method: "tools/list" },
      { jsonrpc: "2.0", method: "notifications/cancelled", params: { requestId: 99 } },
    ];
    for (const message of notOurs) expect(direct.take(message), JSON.stringify(message)).toBe(false);
    expect(calls).toEqual([]);
  });

  it("answers failures as the SDK does: the error's code, message and data, else an internal error", async () => {
    const { direct, calls, sent } = setUp();
    direct.take(call(1, { name: "a" }));
    direct.take(call(2, { name: "b" }));
    calls[0]?.settle({ error: new RpcError(ErrorCode.InvalidParams, "Unknown tool: a", { servers: [] }) });
    calls[1]?.settle({ error: new Error("boom") });
    await flush();
    expect(sent).toEqual([
      { jsonrpc: "2.0", id: 1, error: { code: -32602, message: "Unknown tool: a", data: { servers: [] } } },
      { jsonrpc: "2.0", id: 2, error: { code: -32603, message: "boom" } },
    ]);
  });

  it("aborts a call the client cancels and sends no answer for it", async () => {
    const { direct, calls, sent } = setUp();
    direct.take(call(3, { name: "slow" }));
    const taken = direct.take({
      jsonrpc: "2.0",
      method: "notifications/cancelled",
      params: { requestId: 3, reason: "user pressed stop" },
    });
    expect(taken).toBe(true);
    expect(calls[0]?.context.signal.aborted).toBe(true);
    expect(calls[0]?.context.signal.reason).toBe("user pressed stop");
    calls[0]?.settle({ error: new Error("aborted") });
    await flush();
    expect(sent).toEqual([]);
  });

  it("aborts the running calls when the session closes", async () => {
    const { direct, calls, sent } = setUp();
    direct.take(call(4, { name: "slow" }));
    direct.close();
    expect(calls[0]?.context.signal.aborted).toBe(true);
    calls[0]?.settle({ result: {} });
    await flush();
    expect(sent).toEqual([]);
  });
});

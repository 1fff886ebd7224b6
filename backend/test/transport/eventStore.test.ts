import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import { describe, expect, it } from "vitest";
import { createSessionEventStore } from "../../src/transport/eventStore.js";

const note = (n: number): JSONRPCMessage => ({
  jsonrpc: "2.0",
  method: "notifications/progress",
  params: { n },
});

async function replay(store: ReturnType<typeof createSessionEventStore>, after: string) {
  const sent: { id: string; message: JSONRPCMessage }[] = [];
  const streamId = await store.replayEventsAfter(after, {
    send: async (id, message) => void sent.push({ id, message }),
  });
  return { streamId, sent };
}

describe("createSessionEventStore", () => {
  it("replays only later events of the same stream, never the priming event", async () => {
    const store = createSessionEventStore();
    const priming = await store.storeEvent("a", {} as JSONRPCMessage);
    const a1 = await store.storeEvent("a", note(1));
    await store.storeEvent("b", note(2));
    const a3 = await store.storeEvent("a", note(3));

    expect(await store.getStreamIdForEventId?.(a1)).toBe("a");
    const fromPriming = await replay(store, priming);
    expect(fromPriming.streamId).toBe("a");
    expect(fromPriming.sent.map((e) => e.id)).toEqual([a1, a3]);
    expect((await replay(store, a1)).sent.map((e) => e.message)).toEqual([note(3)]);
  });

  it("forgets the oldest events beyond its bound", async () => {
    const store = createSessionEventStore();
    const first = await store.storeEvent("a", note(0));
    for (let i = 1; i <= 256; i++) await store.storeEvent("a", note(i));
    expect(await store.getStreamIdForEventId?.(first)).toBeUndefined();
    expect(await replay(store, first)).toEqual({ streamId: "", sent: [] });
  });
});

import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createLogger } from "../../src/log/index.js";
import { startIdleCollector, type IdleCollector } from "../../src/memory/index.js";

const PERIOD_MS = 40;
const MB = 1024 * 1024;
const log = createLogger({ level: "silent" });

/** A heap whose size the test sets, and a collection that brings it back to `floor` and counts itself. */
function fakeHeap(initialMb: number) {
  const heap = { bytes: initialMb * MB, floor: 10 * MB, collections: 0 };
  const options = {
    log,
    periodMs: PERIOD_MS,
    growthBytes: 8 * MB,
    heapBytes: () => heap.bytes,
    collect: () => {
      heap.collections++;
      heap.bytes = heap.floor;
    },
  };
  return { heap, options };
}

/** Keeps the event loop running JavaScript for `ms`, yielding so the collector's timer still fires. */
async function busyFor(ms: number): Promise<void> {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    const slice = performance.now() + 5;
    while (performance.now() < slice) {
      /* spin */
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** Timers run late on a loaded CI machine: wait for what must happen rather than for a fixed time. */
const collected = (heap: { collections: number }, count: number) =>
  vi.waitUntil(() => heap.collections >= count, { timeout: 5_000, interval: PERIOD_MS });

describe("idle collector", () => {
  let collector: IdleCollector | undefined;
  afterEach(() => collector?.stop());

  it("collects once the hub is quiet, and not again until the heap grows again", async () => {
    const { heap, options } = fakeHeap(40);
    collector = startIdleCollector(options);
    await collected(heap, 1);
    expect(heap.collections).toBe(1);
    expect(heap.bytes).toBe(10 * MB);

    heap.bytes = 17 * MB; // grew by less than growthBytes: not worth a pause
    await sleep(PERIOD_MS * 3);
    expect(heap.collections).toBe(1);

    heap.bytes = 19 * MB;
    await collected(heap, 2);
    expect(heap.collections).toBe(2);
  });

  it("waits while the event loop is busy, then collects when it goes quiet", async () => {
    const { heap, options } = fakeHeap(40);
    collector = startIdleCollector(options);
    await busyFor(PERIOD_MS * 5);
    expect(heap.collections).toBe(0);
    await collected(heap, 1);
    expect(heap.collections).toBe(1);
  });

  it("stops looking when stopped", async () => {
    const { heap, options } = fakeHeap(40);
    startIdleCollector(options)?.stop();
    await sleep(PERIOD_MS * 3);
    expect(heap.collections).toBe(0);
  });

  it("does nothing without V8's gc (node started without --expose-gc)", () => {
    expect((globalThis as { gc?: unknown }).gc).toBeUndefined();
    expect(startIdleCollector({ log })).toBeUndefined();
  });
});

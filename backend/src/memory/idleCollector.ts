import { performance } from "node:perf_hooks";
import { getHeapStatistics } from "node:v8";
import type { Logger } from "../log/index.js";

/** How often the collector looks: the collection comes one to two periods after a busy spell ends. */
const PERIOD_MS = 10_000;
/** Below this share of a period spent running JavaScript the hub counts as quiet (idle with 15 servers: ~0.2 %). */
const QUIET_UTILIZATION = 0.02;
/** How much the heap must have grown since the last collection for another to be worth its pause (~50 ms). */
const GROWTH_BYTES = 8 * 1024 * 1024;

/** V8's `gc` with --expose-gc; "last-resort" is its memory-reducing collection (as under memory pressure). */
type ExposedGc = (options: { type: "major"; execution: "sync"; flavor: "last-resort" }) => void;

export interface IdleCollectorOptions {
  log: Logger;
  /** The collection. Default: V8's memory-reducing one, when node runs with --expose-gc (the image's CMD). */
  collect?: () => void;
  /** The heap's committed size. Default: V8's total_heap_size (young generation included). */
  heapBytes?: () => number;
  periodMs?: number;
  growthBytes?: number;
}

export interface IdleCollector {
  stop(): void;
}

/**
 * Hands the memory of a busy spell back once the hub goes quiet. Under load V8 grows the young generation and
 * the old one and keeps both: it only shrinks them in a collection, and an idle hub allocates too little to
 * trigger one, so a hub that served a burst of calls would sit at two or three times its idle RSS all day.
 * When a whole period passed quietly and the heap grew since the last collection, one memory-reducing collection
 * runs — never under load, never twice for the same growth (start-up counts as a busy spell). Without --expose-gc
 * (tests, `tsx`) nothing runs.
 */
export function startIdleCollector(options: IdleCollectorOptions): IdleCollector | undefined {
  const collect = options.collect ?? defaultCollect();
  if (!collect) return undefined;
  const heapBytes = options.heapBytes ?? (() => getHeapStatistics().total_heap_size);
  const growth = options.growthBytes ?? GROWTH_BYTES;
  // Start-up's garbage counts as a busy spell too: the first quiet period collects.
  let baseline = 0;
  let previous = performance.eventLoopUtilization();

  const timer = setInterval(() => {
    const quiet = performance.eventLoopUtilization(previous).utilization < QUIET_UTILIZATION;
    const before = heapBytes();
    if (quiet && before - baseline >= growth) {
      const started = performance.now();
      collect();
      baseline = heapBytes();
      options.log.info(
        { heapMb: mb(before), afterMb: mb(baseline), ms: Math.round(performance.now() - started) },
        "quiet after a busy spell: gave the heap's spare memory back",
      );
    }
    // Measured from here, so the collection's own pause does not count as activity in the next period.
    previous = performance.eventLoopUtilization();
  }, options.periodMs ?? PERIOD_MS);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

function defaultCollect(): (() => void) | undefined {
  const gc = (globalThis as { gc?: ExposedGc }).gc;
  return gc && (() => gc({ type: "major", execution: "sync", flavor: "last-resort" }));
}

const mb = (bytes: number) => Math.round(bytes / 1024 / 102.4) / 10;

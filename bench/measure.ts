/**
 * Timing helpers: sequential latency percentiles and throughput with a fixed number of calls in flight, and where
 * the CPU of the concurrent phase went (processCpu.ts) when given process matchers.
 */
import { performance } from "node:perf_hooks";
import { measureCpu, type CpuAttribution, type ProcessMatcher } from "./processCpu.js";

export interface Latency {
  n: number;
  p50: number;
  p90: number;
  p99: number;
  mean: number;
  max: number;
}

export interface CallFigures {
  sequential: Latency;
  /** Sequential calls per second (one in flight). */
  sequentialPerSec: number;
  /** Calls per second with `inFlight` calls outstanding from one client: the median window. */
  concurrentPerSec: number;
  /** Every window's calls per second, in the order measured. */
  concurrentWindows: number[];
  inFlight: number;
  /** CPU µs per call by process label during the median window, and the biggest unlabelled processes. */
  cpu?: CpuAttribution;
}

const round = (ms: number) => Math.round(ms * 1000) / 1000;

/** Nearest-rank percentile of sorted samples. */
function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export function summarize(samples: number[]): Latency {
  const sorted = [...samples].sort((a, b) => a - b);
  const mean = samples.reduce((a, b) => a + b, 0) / Math.max(1, samples.length);
  return {
    n: samples.length,
    p50: round(percentile(sorted, 50)),
    p90: round(percentile(sorted, 90)),
    p99: round(percentile(sorted, 99)),
    mean: round(mean),
    max: round(sorted.at(-1) ?? Number.NaN),
  };
}

/** Runs `call` n times one after another (after `warmup` untimed calls); every call is timed alone. */
export async function sequential(
  call: () => Promise<unknown>,
  options: { n: number; warmup: number },
): Promise<{ latency: Latency; perSec: number }> {
  for (let i = 0; i < options.warmup; i++) await call();
  const samples: number[] = [];
  const started = performance.now();
  for (let i = 0; i < options.n; i++) {
    const t = performance.now();
    await call();
    samples.push(performance.now() - t);
  }
  const elapsed = performance.now() - started;
  return { latency: summarize(samples), perSec: Math.round((options.n / elapsed) * 1000) };
}

/** `total` calls from `inFlight` workers sharing one counter: calls per second over the whole batch. */
export async function concurrent(
  call: () => Promise<unknown>,
  options: { total: number; inFlight: number },
): Promise<number> {
  let next = 0;
  const worker = async () => {
    while (next < options.total) {
      next++;
      await call();
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: options.inFlight }, worker));
  return Math.round((options.total / (performance.now() - started)) * 1000);
}

/**
 * Calls at `inFlight` before a row measures anything. Node-based processes on the path (the hub, the fixture, the
 * lean client) reach their steady state only after their hot paths are optimized: on the 2-vCPU bench VM a fresh
 * hub spends ~460 µs of CPU per call over its first ~13,000 calls and ~340 µs from there on (rounds of 5,000 with
 * the GC counts unchanged between them, so it is the JIT, not the heap). 20,000 leaves a margin.
 */
export const STEADY_STATE_WARMUP = 20_000;

/**
 * Throughput windows per row; the row reports the median one. On the shared 2-vCPU VM a neighbour can slow every
 * process on the path by a third for a few seconds (seen as the client, fixture, docker-proxy, dockerd and hub CPU
 * per call all rising together in one row and not in the next), and one window would report that minute instead of
 * the hub.
 */
export const THROUGHPUT_WINDOWS = 3;

export async function measureCalls(
  call: () => Promise<unknown>,
  options: {
    n: number;
    warmup: number;
    inFlight: number;
    /** Calls measured at `inFlight` per window. */
    concurrentN: number;
    /** Calls at `inFlight` before anything is measured, sequential latency included (STEADY_STATE_WARMUP). */
    steadyWarmup: number;
    /** THROUGHPUT_WINDOWS. */
    windows: number;
    cpuMatchers?: ProcessMatcher[];
  },
): Promise<CallFigures> {
  // Both phases measure the steady state: optimized code, open sockets, grown buffers. Each throughput window runs
  // over a few seconds, so a single GC pause does not decide it.
  await concurrent(call, { total: options.steadyWarmup, inFlight: options.inFlight });
  const seq = await sequential(call, options);
  const phase = () => concurrent(call, { total: options.concurrentN, inFlight: options.inFlight });
  const windows: { perSec: number; cpu?: CpuAttribution }[] = [];
  for (let i = 0; i < Math.max(1, options.windows); i++) {
    const { result: perSec, cpu } = options.cpuMatchers
      ? await measureCpu(phase, { calls: options.concurrentN, matchers: options.cpuMatchers })
      : { result: await phase(), cpu: undefined };
    windows.push({ perSec, cpu });
  }
  const sorted = [...windows].sort((a, b) => a.perSec - b.perSec);
  const median = sorted[(sorted.length - 1) >> 1]!;
  return {
    sequential: seq.latency,
    sequentialPerSec: seq.perSec,
    concurrentPerSec: median.perSec,
    concurrentWindows: windows.map((w) => w.perSec),
    inFlight: options.inFlight,
    ...(median.cpu ? { cpu: median.cpu } : {}),
  };
}

/** Runs `task` over items with at most `limit` running at once, keeping the order of results. */
export async function mapLimit<T, R>(items: T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

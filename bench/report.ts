/**
 * The shape of bench/results.json and the tables `make bench` prints from it: latency and throughput per path,
 * CPU µs per call by process during each path's concurrent phase, and the targets.
 */
import { featureLines, type FeatureRow } from "./features.js";
import type { DockerToolsResults } from "./dockerTools.js";
import type { CallFigures, Latency } from "./measure.js";

export interface Results {
  date: string;
  machine: { cpus: number; load1: number; node: string };
  params: {
    n: number;
    warmup: number;
    inFlight: number;
    concurrentN: number;
    /** Calls with inFlight in flight that started each row, before anything was measured. */
    steadyWarmup: number;
    /** Throughput windows of concurrentN calls per row; the median is reported. */
    windows: number;
    servers: number;
    toolsPerServer: number;
  };
  hubImage: string;
  calls: Partial<Record<"floor" | "direct" | "hub" | "hubIp" | "hubSdk" | "mcpProxy", CallFigures>>;
  peers: string;
  /** The first sequential calls to the fresh hub, before any row warmed it up. */
  coldHub?: Latency;
  /** Hub minus direct (docker run -i), sequential. */
  overhead?: { p50: number; p99: number };
  overheadVsFloor?: { p50: number; p99: number };
  toolsList: { tools: number; latency: Latency; perSec: number };
  addServerMs: Latency;
  memory: {
    /** Right after the servers were added, before the hub's first quiet-period collection. */
    justAdded?: { rssMb: number; cgroup: string };
    /** After IDLE_S more seconds of idling. */
    idleRssMb: number;
    idleCgroup: string;
    sessions: number;
    loaded: { rssMb: number; cgroup: string };
    /** Right after the call rows: what sustained load grows the heap to. */
    afterCalls?: { rssMb: number; cgroup: string };
    /** Then once the hub went quiet and collected. */
    afterQuiet?: { rssMb: number; cgroup: string };
  };
  /** CPU used while no client calls, over `seconds`, scaled to a minute. */
  idleCpu: { seconds: number; hubMsPerMin: number; healthChecksMsPerMin: number; dockerdMsPerMin: number };
  sessionOpenMs: Latency;
  /** The feature sections' rows (features.ts). */
  features?: FeatureRow[];
  /** The built-in docker tools (bench/dockerTools.ts); absent with BENCH_DOCKER_TOOLS=0. */
  dockerTools?: DockerToolsResults;
}

const LABELS: Record<keyof Results["calls"], string> = {
  floor: "floor: fixture as local child (stdio)",
  direct: "direct: fixture via docker run -i (stdio)",
  hub: "hub /mcp, published port (fx__echo)",
  hubIp: "hub /mcp, container IP (no docker-proxy)",
  hubSdk: "hub /mcp via the SDK client",
  mcpProxy: "mcp-proxy 6.7.19 (docker run -i child)",
};

/** Column heads of the CPU table, in the order of LABELS. */
const SHORT: Record<keyof Results["calls"], string> = {
  floor: "floor",
  direct: "direct",
  hub: "hub",
  hubIp: "hub IP",
  hubSdk: "hub SDK",
  mcpProxy: "mcp-proxy",
};

const f = (x: number | undefined, digits = 2) =>
  x === undefined || Number.isNaN(x) ? "-" : x.toFixed(digits);
const pad = (s: string, n: number) => s.padEnd(n);
const lpad = (s: string, n: number) => s.padStart(n);

function verdict(ok: boolean | undefined): string {
  return ok === undefined ? "n/a" : ok ? "PASS" : "MISS";
}

export function targets(r: Results) {
  const hub = r.calls.hub;
  return [
    {
      what: "hub overhead p50 (hub − direct)",
      target: "≤ 1 ms",
      value: r.overhead?.p50,
      ok: r.overhead && r.overhead.p50 <= 1,
    },
    {
      what: "hub overhead p99 (hub − direct)",
      target: "≤ 5 ms",
      value: r.overhead?.p99,
      ok: r.overhead && r.overhead.p99 <= 5,
    },
    {
      what: `hub calls/s (${r.params.inFlight} in flight)`,
      target: "≥ 2000",
      value: hub?.concurrentPerSec,
      ok: hub && hub.concurrentPerSec >= 2000,
    },
    // The same through the container IP: what the hub does without Docker's userland proxy in front of it (an
    // engine with "userland-proxy": false). Shown beside the published-port figure, not instead of it.
    {
      what: `  … on the container IP (no docker-proxy)`,
      target: "≥ 2000",
      value: r.calls.hubIp?.concurrentPerSec,
      ok: r.calls.hubIp && r.calls.hubIp.concurrentPerSec >= 2000,
    },
    {
      what: `aggregated tools/list p99 (${r.toolsList.tools} tools)`,
      target: "≤ 5 ms",
      value: r.toolsList.latency.p99,
      ok: r.toolsList.latency.p99 <= 5,
    },
    { what: "hub idle RSS (MB)", target: "≤ 80 MB", value: r.memory.idleRssMb, ok: r.memory.idleRssMb <= 80 },
    ...(r.dockerTools
      ? [
          {
            what: `docker list_containers p50 (${r.dockerTools.containers} containers)`,
            target: "≤ 30 ms",
            value: r.dockerTools.listContainers.p50,
            ok: r.dockerTools.listContainers.p50 <= 30,
          },
          {
            what: `demo stack healthy, cold (s, ${r.dockerTools.demo.images})`,
            target: "< 180 s",
            value: r.dockerTools.demo.coldS,
            ok: r.dockerTools.demo.coldS < 180,
          },
          {
            what: "demo stack healthy, images there (s)",
            target: "≤ 60 s",
            value: r.dockerTools.demo.cachedS,
            ok: r.dockerTools.demo.cachedS <= 60,
          },
        ]
      : []),
  ];
}

const OTHER_NOTE_US = 50; // below this, "other" is kernel threads and the VM's agent: not worth a line

/** Rows are process labels, columns the paths measured; every path used the same labels (processCpu.ts). */
function cpuTable(r: Results): string[] {
  const keys = (Object.keys(LABELS) as (keyof Results["calls"])[]).filter((k) => r.calls[k]?.cpu);
  if (keys.length === 0) return [];
  const { usPerCall, resolutionUs } = r.calls[keys[0]!]!.cpu!;
  const labels = Object.keys(usPerCall);
  const out = [
    "",
    `CPU µs per call by process in each row's median window (${r.params.concurrentN} calls, ${r.params.inFlight} in flight)` +
      ` (/proc utime+stime: ± ${resolutionUs} µs per process, one clock tick over the calls):`,
    `${pad("process", 24)}${keys.map((k) => lpad(SHORT[k], 10)).join("")}`,
  ];
  for (const label of labels)
    out.push(
      `${pad(label, 24)}${keys.map((k) => lpad(f(r.calls[k]!.cpu!.usPerCall[label], 0), 10)).join("")}`,
    );
  // Name what "other" was when it is big: usually something else running on the machine, not the path measured.
  for (const k of keys) {
    const top = r.calls[k]!.cpu!.topOther[0];
    if (top && top.usPerCall >= OTHER_NOTE_US)
      out.push(`  other in ${SHORT[k]}: mostly ${top.command} (${top.usPerCall} µs)`);
  }
  return out;
}

export function printReport(r: Results): void {
  const out: string[] = [];
  out.push("");
  out.push(
    `MCP Hub bench ${r.date}  (${r.machine.cpus} CPUs, load ${r.machine.load1}, node ${r.machine.node}, hub image ${r.hubImage})`,
  );
  out.push(
    `tools/call echo, each row after ${r.params.steadyWarmup} calls to warm up: ${r.params.n} sequential (after ${r.params.warmup} more); throughput: median of ${r.params.windows} windows of ${r.params.concurrentN} calls with ${r.params.inFlight} in flight`,
  );
  out.push("");
  out.push(
    `${pad("path", 44)}${lpad("p50 ms", 9)}${lpad("p90 ms", 9)}${lpad("p99 ms", 9)}${lpad("seq/s", 8)}${lpad(`@${r.params.inFlight}/s`, 8)}  vs direct p50  windows @${r.params.inFlight}/s`,
  );
  const direct = r.calls.direct?.sequential.p50;
  for (const key of Object.keys(LABELS) as (keyof Results["calls"])[]) {
    const c = r.calls[key];
    if (!c) continue;
    const ratio = direct ? `${(c.sequential.p50 / direct).toFixed(2)}×` : "-";
    out.push(
      `${pad(LABELS[key], 44)}${lpad(f(c.sequential.p50), 9)}${lpad(f(c.sequential.p90), 9)}${lpad(f(c.sequential.p99), 9)}` +
        `${lpad(String(c.sequentialPerSec), 8)}${lpad(String(c.concurrentPerSec), 8)}  ${pad(ratio, 13)}  ` +
        (c.concurrentWindows ?? []).join(" "),
    );
  }
  out.push(`peers: ${r.peers}`);
  out.push(...cpuTable(r));
  out.push("");
  out.push(
    `hub overhead vs direct: p50 ${f(r.overhead?.p50)} ms, p99 ${f(r.overhead?.p99)} ms;` +
      ` vs floor: p50 ${f(r.overheadVsFloor?.p50)} ms, p99 ${f(r.overheadVsFloor?.p99)} ms`,
  );
  if (r.coldHub)
    out.push(
      `cold start (the hub's first ${r.coldHub.n} calls, sequential, published port; hub, fixture and client code all` +
        ` unoptimized yet): p50 ${f(r.coldHub.p50)} ms, p99 ${f(r.coldHub.p99)} ms — the rows above are steady state`,
    );
  const l = r.toolsList.latency;
  out.push(
    `aggregated tools/list (${r.params.servers} servers × ${r.params.toolsPerServer} = ${r.toolsList.tools} tools, ${l.n} sequential):` +
      ` p50 ${f(l.p50)} ms, p90 ${f(l.p90)} ms, p99 ${f(l.p99)} ms, ${r.toolsList.perSec}/s`,
  );
  out.push(
    `add server (POST /api/servers → ready, 3 at a time): p50 ${f(r.addServerMs.p50, 0)} ms, max ${f(r.addServerMs.max, 0)} ms`,
  );
  out.push(
    `hub memory: idle ${r.memory.idleRssMb} MB RSS (cgroup ${r.memory.idleCgroup}` +
      (r.memory.justAdded ? `; ${r.memory.justAdded.rssMb} MB right after adding the servers` : "") +
      `); ${r.memory.sessions} sessions ${r.memory.loaded.rssMb} MB RSS (cgroup ${r.memory.loaded.cgroup});` +
      ` ≈ ${f(((r.memory.loaded.rssMb - r.memory.idleRssMb) / Math.max(1, r.memory.sessions)) * 1024, 0)} KB/session` +
      (r.memory.afterCalls ? `; after the call rows ${r.memory.afterCalls.rssMb} MB RSS` : "") +
      (r.memory.afterQuiet ? `, ${r.memory.afterQuiet.rssMb} MB once quiet` : ""),
  );
  const idle = r.idleCpu;
  if (idle)
    out.push(
      `idle CPU (${r.params.servers} servers, no client, ${idle.seconds} s): hub ${idle.hubMsPerMin} ms/min,` +
        ` its health checks ${idle.healthChecksMsPerMin} ms/min, dockerd ${idle.dockerdMsPerMin} ms/min`,
    );
  out.push(
    `session open (initialize + tools/list, 16 at a time): p50 ${f(r.sessionOpenMs.p50)} ms, p99 ${f(r.sessionOpenMs.p99)} ms`,
  );
  if (r.dockerTools)
    out.push(
      `docker tools through the hub: list_containers (${r.dockerTools.containers} containers, ${r.dockerTools.listContainers.n} sequential)` +
        ` p50 ${f(r.dockerTools.listContainers.p50)} ms, p99 ${f(r.dockerTools.listContainers.p99)} ms;` +
        ` demo stack healthy in ${f(r.dockerTools.demo.coldS, 1)} s from cold (${r.dockerTools.demo.images} images),` +
        ` ${f(r.dockerTools.demo.cachedS, 1)} s with its images there`,
    );
  out.push("");
  out.push(`${pad("target", 44)}${lpad("goal", 10)}${lpad("measured", 10)}  verdict`);
  for (const t of targets(r))
    out.push(`${pad(t.what, 44)}${lpad(t.target, 10)}${lpad(f(t.value), 10)}  ${verdict(t.ok)}`);
  if (r.features?.length) out.push("", "features:", ...featureLines(r.features));
  process.stdout.write(`${out.join("\n")}\n`);
}

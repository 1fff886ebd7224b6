/**
 * Where the CPU of a benchmark phase goes: utime+stime of every process in /proc before and after, the difference
 * attributed to labels by a matcher list (first match wins, the rest is "other"), divided by the calls made.
 * Containers' processes are visible here because they share the host's kernel; a process that starts and exits
 * between two snapshots is not seen. Linux only; elsewhere the snapshots are empty and so is the table.
 */
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";

export interface ProcessSample {
  pid: number;
  ppid: number;
  /** The kernel's short name (comm, at most 15 characters), e.g. "dockerd", "containerd-shim". */
  name: string;
  /** The command line, cut short: for reading, not matching. */
  command: string;
  /** /proc/<pid>/cgroup: a container's processes all name its id there. */
  cgroup: string;
  /** Start time in clock ticks since boot: with the pid it tells a reused pid from the same process. */
  started: number;
  /** utime + stime, µs (clock-tick resolution, usually 10 ms). */
  cpuUs: number;
}

export type CpuSnapshot = Map<number, ProcessSample>;

/**
 * A label for processes picked by pid (optionally with all their descendants), by container (every process in
 * its cgroup, `docker exec`ed ones such as health checks included), or by kernel name.
 */
export interface ProcessMatcher {
  label: string;
  pids?: number[];
  withDescendants?: boolean;
  /** Full container ids, as `docker ps --no-trunc` prints them. */
  containers?: string[];
  name?: RegExp;
}

const OTHER = "other";
const COMMAND_CHARS = 80;

const ticksPerSecond = (() => {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  } catch {
    return 100; // what Linux uses on every common architecture
  }
})();

/** One process from /proc, or undefined when it is gone. */
export function readSample(pid: number): ProcessSample | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "latin1");
    // The name sits in parentheses and may itself hold spaces or ")", so split after the last one.
    const close = stat.lastIndexOf(")");
    const fields = stat.slice(close + 2).split(" ");
    const command = readFileSync(`/proc/${pid}/cmdline`, "latin1").replaceAll("\0", " ").trim();
    const cgroup = readFileSync(`/proc/${pid}/cgroup`, "latin1");
    return {
      pid,
      ppid: Number(fields[1]),
      name: stat.slice(stat.indexOf("(") + 1, close),
      command: command.slice(0, COMMAND_CHARS),
      cgroup,
      started: Number(fields[19]),
      cpuUs: ((Number(fields[11]) + Number(fields[12])) * 1e6) / ticksPerSecond,
    };
  } catch {
    return undefined; // it exited while we looked
  }
}

export function snapshotCpu(): CpuSnapshot {
  const snapshot: CpuSnapshot = new Map();
  let entries: string[];
  try {
    entries = readdirSync("/proc");
  } catch {
    return snapshot;
  }
  for (const entry of entries) {
    if (entry.charCodeAt(0) > 57) continue; // not a digit: not a process
    const sample = readSample(Number(entry));
    if (sample) snapshot.set(sample.pid, sample);
  }
  return snapshot;
}

/** The pids a matcher stands for in this snapshot, descendants included where asked. */
function expandPids(matcher: ProcessMatcher, children: Map<number, number[]>): Set<number> {
  const pids = new Set(matcher.pids ?? []);
  if (!matcher.withDescendants) return pids;
  const queue = [...pids];
  while (queue.length > 0) {
    for (const child of children.get(queue.pop()!) ?? []) {
      if (pids.has(child)) continue;
      pids.add(child);
      queue.push(child);
    }
  }
  return pids;
}

export interface CpuAttribution {
  /** µs of CPU per call for each label, plus "other" and "total"; labels that used nothing are still listed. */
  usPerCall: Record<string, number>;
  /** The biggest "other" processes, to tell what a new matcher should catch. */
  topOther: { command: string; usPerCall: number }[];
  /** One clock tick spread over the calls: how precise each figure is (this process's is exact, see measureCpu). */
  resolutionUs: number;
}

export function attributeCpu(
  before: CpuSnapshot,
  after: CpuSnapshot,
  options: { calls: number; matchers: ProcessMatcher[] },
): CpuAttribution {
  const children = new Map<number, number[]>();
  for (const p of after.values()) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p.pid]);
  const sets = options.matchers.map((m) => ({ matcher: m, pids: expandPids(m, children) }));
  const spent = new Map<string, number>([...options.matchers.map((m) => [m.label, 0] as const), [OTHER, 0]]);
  const others: { command: string; us: number }[] = [];
  for (const p of after.values()) {
    const was = before.get(p.pid);
    const used = p.cpuUs - (was && was.started === p.started ? was.cpuUs : 0);
    if (used <= 0) continue;
    const hit = sets.find(
      ({ matcher, pids }) =>
        pids.has(p.pid) ||
        matcher.containers?.some((id) => p.cgroup.includes(id)) ||
        matcher.name?.test(p.name),
    );
    const label = hit?.matcher.label ?? OTHER;
    spent.set(label, spent.get(label)! + used);
    if (!hit) others.push({ command: `${p.pid} ${p.command || `[${p.name}]`}`, us: used });
  }
  const perCall = (us: number) => Math.round((us / options.calls) * 10) / 10;
  const usPerCall = Object.fromEntries([...spent].map(([label, us]) => [label, perCall(us)]));
  usPerCall.total = perCall([...spent.values()].reduce((a, b) => a + b, 0));
  const topOther = others
    .sort((a, b) => b.us - a.us)
    .slice(0, 5)
    .map((o) => ({ command: o.command, usPerCall: perCall(o.us) }));
  return { usPerCall, topOther, resolutionUs: perCall(1e6 / ticksPerSecond) };
}

/**
 * Runs `phase` between two snapshots and attributes the CPU it took to `calls` calls. This process is timed with
 * process.cpuUsage() right around the phase instead: µs resolution, and the snapshots' own reading is left out.
 */
export async function measureCpu<T>(
  phase: () => Promise<T>,
  options: { calls: number; matchers: ProcessMatcher[] },
): Promise<{ result: T; cpu: CpuAttribution }> {
  const before = snapshotCpu();
  const selfBefore = process.cpuUsage();
  const result = await phase();
  const selfAfter = process.cpuUsage();
  const after = snapshotCpu();
  const self = before.get(process.pid);
  if (self && after.has(process.pid)) {
    self.cpuUs = selfBefore.user + selfBefore.system;
    after.get(process.pid)!.cpuUs = selfAfter.user + selfAfter.system;
  }
  return { result, cpu: attributeCpu(before, after, options) };
}

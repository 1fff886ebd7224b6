import { z } from "zod";
import { demuxBuffer } from "./streams.js";
import { containerName, inspectContainer } from "./targets.js";
import { arg, defineTool, ToolFailure, type DockerTool } from "./toolKit.js";
import { durationNs, humanBytes } from "./units.js";

const MAX_TAIL = 5000;

/** Unix seconds from "10m" (ago), an ISO date or unix seconds. */
export function sinceSeconds(value: string, now = Date.now()): number {
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value);
  const date = Date.parse(value);
  if (!Number.isNaN(date) && /\d{4}-\d\d-\d\d/.test(value)) return Math.floor(date / 1000);
  return Math.floor((now - durationNs(value) / 1e6) / 1000);
}

const sinceArg = z
  .string()
  .optional()
  .describe('From when: a duration ago ("10m", "2h"), an ISO date, or unix seconds');

interface StatsSnapshot {
  cpu_stats: {
    cpu_usage: { total_usage: number; percpu_usage?: number[] };
    system_cpu_usage?: number;
    online_cpus?: number;
  };
  precpu_stats: { cpu_usage: { total_usage: number }; system_cpu_usage?: number };
  memory_stats: { usage?: number; limit?: number; stats?: { inactive_file?: number; cache?: number } };
  networks?: Record<string, { rx_bytes: number; tx_bytes: number }>;
  blkio_stats?: { io_service_bytes_recursive?: { op: string; value: number }[] | null };
  pids_stats?: { current?: number };
}

export const containerIoTools: DockerTool[] = [
  defineTool({
    name: "container_logs",
    kind: "read",
    description:
      "A container's recent output (stdout and stderr), bounded: the last `tail` lines, optionally since a time.",
    input: {
      name: arg.name("container"),
      tail: z
        .number()
        .int()
        .min(1)
        .max(MAX_TAIL)
        .optional()
        .describe(`Lines from the end (default 100, at most ${MAX_TAIL})`),
      since: sinceArg,
      until: z.string().optional().describe("Up to when, as for since"),
      timestamps: z.boolean().optional().describe("Prefix each line with its time"),
    },
    async run(args, call) {
      const info = await inspectContainer(call, args.name);
      const raw = (await call.docker.getContainer(info.Id).logs({
        stdout: true,
        stderr: true,
        follow: false,
        tail: args.tail ?? 100,
        timestamps: args.timestamps ?? false,
        ...(args.since ? { since: sinceSeconds(args.since) } : {}),
        ...(args.until ? { until: sinceSeconds(args.until) } : {}),
        abortSignal: call.signal,
      })) as unknown as Buffer;
      const { stdout, stderr } = demuxBuffer(Buffer.from(raw), info.Config.Tty);
      const lines = (stdout + stderr).split("\n").filter(Boolean).length;
      return {
        summary: `${containerName(info)}: ${lines} lines`,
        data: { name: containerName(info), stdout, stderr },
        narrow: "ask for fewer lines with tail, or a window with since/until",
      };
    },
  }),
  defineTool({
    name: "container_stats",
    kind: "read",
    description:
      "One snapshot of a running container's resource use: CPU %, memory, network and block I/O, processes.",
    input: { name: arg.name("container") },
    async run(args, call) {
      const info = await inspectContainer(call, args.name);
      if (!info.State.Running)
        throw new ToolFailure(
          `container ${containerName(info)} is not running (${info.State.Status}): start_container starts it`,
        );
      const s = (await call.docker
        .getContainer(info.Id)
        .stats({ stream: false })) as unknown as StatsSnapshot;
      const cpuDelta = s.cpu_stats.cpu_usage.total_usage - s.precpu_stats.cpu_usage.total_usage;
      const systemDelta = (s.cpu_stats.system_cpu_usage ?? 0) - (s.precpu_stats.system_cpu_usage ?? 0);
      const cpus = s.cpu_stats.online_cpus ?? s.cpu_stats.cpu_usage.percpu_usage?.length ?? 1;
      const cpuPercent = systemDelta > 0 ? (cpuDelta / systemDelta) * cpus * 100 : 0;
      // What `docker stats` shows: usage minus the page cache the kernel can drop.
      const cache = s.memory_stats.stats?.inactive_file ?? s.memory_stats.stats?.cache ?? 0;
      const memory = Math.max(0, (s.memory_stats.usage ?? 0) - cache);
      const limit = s.memory_stats.limit ?? 0;
      const net = Object.values(s.networks ?? {}).reduce(
        (sum, n) => ({ rx: sum.rx + n.rx_bytes, tx: sum.tx + n.tx_bytes }),
        { rx: 0, tx: 0 },
      );
      const io = (op: string) =>
        (s.blkio_stats?.io_service_bytes_recursive ?? [])
          .filter((e) => e.op.toLowerCase() === op)
          .reduce((sum, e) => sum + e.value, 0);
      const stats = {
        cpuPercent: Math.round(cpuPercent * 100) / 100,
        memoryBytes: memory,
        memoryLimitBytes: limit,
        memoryPercent: limit ? Math.round((memory / limit) * 10000) / 100 : 0,
        network: { rxBytes: net.rx, txBytes: net.tx },
        blockIo: { readBytes: io("read"), writeBytes: io("write") },
        pids: s.pids_stats?.current ?? 0,
      };
      return {
        summary: `${containerName(info)}: CPU ${stats.cpuPercent}%, memory ${humanBytes(memory)}${limit ? ` of ${humanBytes(limit)}` : ""}, ${stats.pids} processes`,
        data: { name: containerName(info), stats },
      };
    },
  }),
  defineTool({
    name: "container_top",
    kind: "read",
    description: "The processes running in a container (ps).",
    input: {
      name: arg.name("container"),
      ps_args: z
        .string()
        .regex(/^[a-zA-Z -]*$/, "letters, spaces and dashes only")
        .optional()
        .describe('ps options (default "-ef")'),
    },
    async run(args, call) {
      const info = await inspectContainer(call, args.name);
      const top = (await call.docker
        .getContainer(info.Id)
        .top({ ps_args: args.ps_args ?? "-ef", abortSignal: call.signal })) as {
        Titles: string[];
        Processes: string[][];
      };
      const processes = top.Processes.map((row) =>
        Object.fromEntries(top.Titles.map((title, i) => [title, row[i]])),
      );
      return {
        summary: `${containerName(info)}: ${processes.length} processes`,
        data: { name: containerName(info), processes },
      };
    },
  }),
];

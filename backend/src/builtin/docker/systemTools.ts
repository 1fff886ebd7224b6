import { z } from "zod";
import { sinceSeconds } from "./containerIoTools.js";
import { finished } from "./streams.js";
import { defineTool, ToolFailure, type DockerTool } from "./toolKit.js";
import { humanBytes } from "./units.js";

/** system_events never waits longer than this for events still to come. */
const MAX_EVENT_WAIT_S = 60;
const MAX_EVENTS = 1000;

interface DiskUsage {
  LayersSize?: number;
  Images?: { Id: string; RepoTags?: string[] | null; Size: number; SharedSize: number; Containers: number }[];
  Containers?: { Id: string; Names: string[]; SizeRw?: number; State: string }[];
  Volumes?: { Name: string; UsageData?: { Size: number; RefCount: number } }[];
  BuildCache?: { Size: number; InUse: boolean }[] | null;
}

export const systemTools: DockerTool[] = [
  defineTool({
    name: "system_info",
    kind: "read",
    description:
      "The engine and its host: version, OS, CPUs, memory, storage driver, container and image counts.",
    input: {},
    async run(_args, call) {
      const info = (await call.docker.info()) as Record<string, unknown>;
      return {
        summary: `Docker ${String(info.ServerVersion)} on ${String(info.OperatingSystem)}: ${String(info.NCPU)} CPUs, ${humanBytes(Number(info.MemTotal))}, ${String(info.ContainersRunning)}/${String(info.Containers)} containers running, ${String(info.Images)} images`,
        data: { info },
      };
    },
  }),
  defineTool({
    name: "system_version",
    kind: "read",
    description: "The engine's version, API version, Go version, OS and architecture.",
    input: {},
    async run(_args, call) {
      const version = (await call.docker.version()) as unknown as Record<string, unknown>;
      return {
        summary: `Docker ${String(version.Version)} (API ${String(version.ApiVersion)})`,
        data: { version },
      };
    },
  }),
  defineTool({
    name: "disk_usage",
    kind: "read",
    description:
      "Disk space used by images, containers, volumes and the build cache, and how much is reclaimable.",
    input: {},
    async run(_args, call) {
      const df = (await call.docker.df()) as DiskUsage;
      const images = df.Images ?? [];
      const containers = df.Containers ?? [];
      const volumes = df.Volumes ?? [];
      const cache = df.BuildCache ?? [];
      const usage = {
        images: {
          count: images.length,
          bytes: df.LayersSize ?? 0,
          reclaimableBytes: images
            .filter((i) => i.Containers === 0)
            .reduce((s, i) => s + i.Size - i.SharedSize, 0),
        },
        containers: {
          count: containers.length,
          bytes: containers.reduce((s, c) => s + (c.SizeRw ?? 0), 0),
          reclaimableBytes: containers
            .filter((c) => c.State !== "running")
            .reduce((s, c) => s + (c.SizeRw ?? 0), 0),
        },
        volumes: {
          count: volumes.length,
          bytes: volumes.reduce((s, v) => s + Math.max(0, v.UsageData?.Size ?? 0), 0),
          reclaimableBytes: volumes
            .filter((v) => v.UsageData?.RefCount === 0)
            .reduce((s, v) => s + Math.max(0, v.UsageData?.Size ?? 0), 0),
        },
        buildCache: {
          count: cache.length,
          bytes: cache.reduce((s, c) => s + c.Size, 0),
          reclaimableBytes: cache.filter((c) => !c.InUse).reduce((s, c) => s + c.Size, 0),
        },
      };
      const largestImages = [...images]
        .sort((a, b) => b.Size - a.Size)
        .slice(0, 10)
        .map((i) => ({
          id: i.Id.slice(7, 19),
          tags: i.RepoTags ?? [],
          bytes: i.Size,
          containers: i.Containers,
        }));
      const total =
        usage.images.bytes + usage.containers.bytes + usage.volumes.bytes + usage.buildCache.bytes;
      return {
        summary: `${humanBytes(total)} in all: images ${humanBytes(usage.images.bytes)}, containers ${humanBytes(usage.containers.bytes)}, volumes ${humanBytes(usage.volumes.bytes)}, build cache ${humanBytes(usage.buildCache.bytes)}`,
        data: { usage, largestImages },
      };
    },
  }),
  defineTool({
    name: "system_events",
    kind: "read",
    description: `The engine's events (container start/stop/die, image pull, network connect, …) in a bounded window: from since (default 5m ago) to until (default now; at most ${MAX_EVENT_WAIT_S} s ahead), at most ${MAX_EVENTS}.`,
    input: {
      since: z.string().optional().describe('Start: a duration ago ("5m"), an ISO date, or unix seconds'),
      until: z
        .string()
        .optional()
        .describe('End, as for since; "30s" ahead is written as a future ISO date or unix seconds'),
      type: z
        .array(
          z.enum([
            "container",
            "image",
            "network",
            "volume",
            "daemon",
            "plugin",
            "service",
            "node",
            "secret",
            "config",
          ]),
        )
        .optional()
        .describe("Only these kinds of objects"),
      event: z.array(z.string()).optional().describe('Only these actions, e.g. ["start", "die"]'),
      container: z.string().optional().describe("Only events of this container"),
      label: z
        .array(z.string())
        .optional()
        .describe('Only objects with these labels, each "key" or "key=value"'),
    },
    async run(args, call) {
      const now = Math.floor(Date.now() / 1000);
      const since = sinceSeconds(args.since ?? "5m");
      const until = Math.min(args.until ? sinceSeconds(args.until) : now, now + MAX_EVENT_WAIT_S);
      if (until < since) throw new ToolFailure("until is before since: give since the earlier time");
      const filters: Record<string, string[]> = {};
      if (args.type) filters.type = args.type;
      if (args.event) filters.event = args.event;
      if (args.container) filters.container = [args.container];
      if (args.label) filters.label = args.label;
      const stream = await call.docker.getEvents({ since, until, filters, abortSignal: call.signal });
      const events: Record<string, unknown>[] = [];
      let rest = "";
      stream.on("data", (chunk: Buffer) => {
        const lines = (rest + chunk.toString("utf8")).split("\n");
        rest = lines.pop() ?? "";
        for (const line of lines)
          if (line.trim() && events.length < MAX_EVENTS) {
            const e = JSON.parse(line) as {
              Type: string;
              Action: string;
              Actor?: { ID: string; Attributes?: Record<string, string> };
              time: number;
            };
            events.push({
              time: new Date(e.time * 1000).toISOString(),
              type: e.Type,
              action: e.Action,
              id: e.Actor?.ID,
              attributes: e.Actor?.Attributes,
            });
          }
        if (events.length >= MAX_EVENTS) (stream as { destroy?: () => void }).destroy?.();
      });
      await finished(stream, call.signal).catch((error: unknown) => {
        if (events.length < MAX_EVENTS) throw error;
      });
      return {
        summary: `${events.length} events from ${new Date(since * 1000).toISOString()} to ${new Date(until * 1000).toISOString()}${events.length >= MAX_EVENTS ? ` (first ${MAX_EVENTS})` : ""}`,
        data: { events },
        narrow: "a shorter window, or filters on type, event, container or label",
      };
    },
  }),
];

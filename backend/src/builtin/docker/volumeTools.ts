import { z } from "zod";
import { CREATED, isCreatedByHub } from "./labels.js";
import { arg, defineTool, type DockerTool, type ToolCall } from "./toolKit.js";

interface VolumeInfo {
  Name: string;
  Driver: string;
  Mountpoint: string;
  Labels?: Record<string, string> | null;
  CreatedAt?: string;
}

const summaryOf = (v: VolumeInfo) => ({
  name: v.Name,
  driver: v.Driver,
  ...(v.CreatedAt ? { created: v.CreatedAt } : {}),
  ...(isCreatedByHub(v.Labels) ? { createdByHub: true } : {}),
});

/** The names of containers (running or not) that use a volume. */
async function usersOf(call: ToolCall, volume: string): Promise<string[]> {
  const containers = await call.docker.listContainers({
    all: true,
    filters: { volume: [volume] },
    abortSignal: call.signal,
  });
  return containers.map((c) => c.Names[0]?.replace(/^\//, "") ?? c.Id.slice(0, 12));
}

export const volumeTools: DockerTool[] = [
  defineTool({
    name: "list_volumes",
    kind: "read",
    description: "List volumes with their driver; dangling: true lists only those no container uses.",
    input: {
      name: z.string().optional().describe("Only volumes whose name contains this"),
      dangling: z.boolean().optional().describe("Only volumes no container uses"),
      created_by_hub: z.boolean().optional().describe("Only volumes created through these tools"),
    },
    async run(args, call) {
      const filters: Record<string, string[]> = {};
      if (args.name) filters.name = [args.name];
      if (args.dangling !== undefined) filters.dangling = [String(args.dangling)];
      if (args.created_by_hub) filters.label = [CREATED.by];
      const answer = (await call.docker.listVolumes({ filters, abortSignal: call.signal })) as {
        Volumes: VolumeInfo[] | null;
      };
      const volumes = (answer.Volumes ?? []).map(summaryOf);
      return {
        summary: `${volumes.length} volumes`,
        data: { volumes },
        narrow: "filter with name or dangling",
      };
    },
  }),
  defineTool({
    name: "inspect_volume",
    kind: "read",
    description: "One volume: driver, mount point, labels, options, and the containers using it.",
    input: { name: arg.name("volume") },
    async run(args, call) {
      const volume = (await call.docker
        .getVolume(args.name)
        .inspect({ abortSignal: call.signal })) as VolumeInfo;
      const usedBy = await usersOf(call, volume.Name);
      return {
        summary: `${volume.Name}: ${volume.Driver}, used by ${usedBy.length} containers`,
        data: { volume, usedBy },
      };
    },
  }),
  defineTool({
    name: "create_volume",
    kind: "write",
    idempotent: true,
    description: "Create a named volume (local driver unless said otherwise).",
    input: {
      name: z
        .string()
        .regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/)
        .describe("The new volume's name"),
      driver: z.string().optional().describe('Driver (default "local")'),
      labels: arg.labels,
    },
    async run(args, call) {
      const volume = (await call.docker.createVolume({
        Name: args.name,
        Driver: args.driver ?? "local",
        Labels: { ...args.labels, ...call.labels("create_volume") },
        abortSignal: call.signal,
      })) as unknown as VolumeInfo;
      return { summary: `created volume ${volume.Name}`, data: { volume: summaryOf(volume) } };
    },
  }),
  defineTool({
    name: "remove_volume",
    kind: "destroy",
    idempotent: true,
    description:
      "Remove a volume and the data in it, for good. A volume in use by a container cannot be removed.",
    input: { name: arg.name("volume"), confirm: arg.confirm },
    async run(args, call) {
      const volume = (await call.docker
        .getVolume(args.name)
        .inspect({ abortSignal: call.signal })) as VolumeInfo;
      const reason = call.protection.volume(volume.Name, volume.Labels);
      await call.confirm(
        `Delete volume ${volume.Name} and all its data${reason ? `, which is protected: ${reason}` : ""}`,
      );
      await call.docker.getVolume(volume.Name).remove({ abortSignal: call.signal });
      return { summary: `removed volume ${volume.Name}`, data: { removed: volume.Name } };
    },
  }),
  defineTool({
    name: "prune_volumes",
    kind: "destroy",
    idempotent: true,
    description:
      "Delete volumes no container uses, with their data: by default only those created through these tools; all: true takes every unused volume except the hub's own.",
    input: {
      all: z.boolean().optional().describe("Every unused volume, not only those created through the hub"),
      confirm: arg.confirm,
    },
    async run(args, call) {
      const filters: Record<string, string[]> = {
        dangling: ["true"],
        ...(args.all ? {} : { label: [CREATED.by] }),
      };
      const answer = (await call.docker.listVolumes({ filters, abortSignal: call.signal })) as {
        Volumes: VolumeInfo[] | null;
      };
      const candidates = (answer.Volumes ?? []).filter((v) => !call.protection.volume(v.Name, v.Labels));
      if (!candidates.length)
        return { summary: "no unused volumes to remove", data: { removed: [], failed: [] } };
      await call.confirm(
        `Delete ${candidates.length} unused volumes and their data: ${candidates.map((v) => v.Name).join(", ")}`,
      );
      const removed: string[] = [];
      const failed: { name: string; error: string }[] = [];
      for (const volume of candidates) {
        call.signal.throwIfAborted();
        try {
          await call.docker.getVolume(volume.Name).remove({ abortSignal: call.signal });
          removed.push(volume.Name);
        } catch (error) {
          // A container may have taken it since the list: Docker refuses, and the rest go on.
          failed.push({ name: volume.Name, error: (error as Error).message });
        }
      }
      return {
        summary: `removed ${removed.length} volumes${failed.length ? `, ${failed.length} failed` : ""}`,
        data: { removed, failed },
      };
    },
  }),
];

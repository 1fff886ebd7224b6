import type Dockerode from "dockerode";
import { z } from "zod";
import { statusCodeOf } from "../../runtime/index.js";
import { CREATED, isCreatedByHub, STACK } from "./labels.js";
import { redactInspect } from "./redact.js";
import { confirmOnContainer, containerName, inspectContainer } from "./targets.js";
import { arg, defineTool, type DockerTool, type ToolCall } from "./toolKit.js";

const labelFilter = z
  .array(z.string())
  .optional()
  .describe('Only containers with these labels, each "key" or "key=value"');

const portsOf = (ports: Dockerode.Port[]): string[] =>
  ports.map((p) =>
    p.PublicPort ? `${p.IP ?? ""}:${p.PublicPort}->${p.PrivatePort}/${p.Type}` : `${p.PrivatePort}/${p.Type}`,
  );

export const containerTools: DockerTool[] = [
  defineTool({
    name: "list_containers",
    kind: "read",
    description:
      "List containers with their state, image, ports and stack. Stopped ones are included unless running_only is true.",
    input: {
      running_only: z.boolean().optional().describe("Only running containers"),
      name: z.string().optional().describe("Only containers whose name contains this"),
      image: z.string().optional().describe("Only containers of this image (ancestor)"),
      label: labelFilter,
      stack: z.string().optional().describe("Only the containers of this stack (deploy_stack)"),
      created_by_hub: z.boolean().optional().describe("Only containers created through these tools"),
    },
    async run(args, call) {
      const filters: Record<string, string[]> = {};
      if (args.name) filters.name = [args.name];
      if (args.image) filters.ancestor = [args.image];
      const labels = [...(args.label ?? [])];
      if (args.stack) labels.push(`${STACK.name}=${args.stack}`);
      if (args.created_by_hub) labels.push(CREATED.by);
      if (labels.length) filters.label = labels;
      const found = await call.docker.listContainers({
        all: !args.running_only,
        filters,
        abortSignal: call.signal,
      });
      const containers = found.map((c) => ({
        id: c.Id.slice(0, 12),
        name: c.Names[0]?.replace(/^\//, "") ?? c.Id.slice(0, 12),
        image: c.Image,
        state: c.State,
        status: c.Status,
        ports: portsOf(c.Ports),
        created: new Date(c.Created * 1000).toISOString(),
        ...(c.Labels[STACK.name] ? { stack: c.Labels[STACK.name], service: c.Labels[STACK.service] } : {}),
        ...(isCreatedByHub(c.Labels) ? { createdByHub: true } : {}),
        ...(call.protection.listed(c) ? { protected: true } : {}),
      }));
      const running = containers.filter((c) => c.state === "running").length;
      return {
        summary: `${containers.length} containers (${running} running)`,
        data: { containers },
        narrow: "filter with running_only, name, image, label or stack",
      };
    },
  }),
  defineTool({
    name: "inspect_container",
    kind: "read",
    description:
      "Everything Docker knows about one container: config, state and health, mounts, networks, ports. Secret-looking environment values are redacted.",
    input: { name: arg.name("container") },
    async run(args, call) {
      const info = await inspectContainer(call, args.name);
      const health = info.State.Health?.Status;
      return {
        summary: `${containerName(info)}: ${info.State.Status}${health ? ` (${health})` : ""}, image ${info.Config.Image}`,
        data: { container: redactInspect(info) },
      };
    },
  }),
  lifecycle("start_container", "Start a stopped container.", "start", false),
  lifecycle(
    "stop_container",
    "Stop a running container (SIGTERM, then SIGKILL after timeout_seconds).",
    "stop",
    false,
  ),
  lifecycle("restart_container", "Restart a container (stop, then start).", "restart", false),
  lifecycle("pause_container", "Freeze every process of a running container.", "pause", true),
  lifecycle("unpause_container", "Resume a paused container.", "unpause", true),
  defineTool({
    name: "remove_container",
    kind: "destroy",
    idempotent: true,
    description:
      "Remove a container for good, with its anonymous volumes (named volumes stay). A running one needs force.",
    input: {
      name: arg.name("container"),
      force: z.boolean().optional().describe("Stop it first if it is running"),
      confirm: arg.confirm,
    },
    async run(args, call) {
      const info = await inspectContainer(call, args.name);
      const name = containerName(info);
      await confirmOnContainer(call, info, `Remove container ${name}${args.force ? " (force)" : ""}`, true);
      await call.docker
        .getContainer(info.Id)
        .remove({ force: args.force ?? false, v: true, abortSignal: call.signal });
      return { summary: `removed container ${name}`, data: { removed: name, id: info.Id } };
    },
  }),
];

type Action = "start" | "stop" | "restart" | "pause" | "unpause";

function lifecycle(name: string, description: string, action: Action, idempotent: boolean): DockerTool {
  const timed = action === "stop" || action === "restart";
  return defineTool({
    name,
    kind: "write",
    idempotent: idempotent || action !== "restart",
    description: `${description} The hub's own containers need confirm: true.`,
    input: {
      name: arg.name("container"),
      ...(timed
        ? {
            timeout_seconds: z
              .number()
              .int()
              .min(0)
              .max(600)
              .optional()
              .describe("Seconds to wait before SIGKILL (default 10)"),
          }
        : {}),
      confirm: arg.confirm,
    },
    async run(args: { name: string; timeout_seconds?: number }, call: ToolCall) {
      const info = await inspectContainer(call, args.name);
      const label = containerName(info);
      await confirmOnContainer(
        call,
        info,
        `${action[0]!.toUpperCase()}${action.slice(1)} container ${label}`,
        false,
      );
      const container = call.docker.getContainer(info.Id);
      const t = args.timeout_seconds ?? 10;
      const act = {
        start: () => container.start(),
        stop: () => container.stop({ t }),
        restart: () => container.restart({ t }),
        pause: () => container.pause(),
        unpause: () => container.unpause(),
      }[action];
      try {
        await act();
      } catch (error) {
        // 304: already in that state, which is what the caller wanted.
        if (statusCodeOf(error) !== 304) throw error;
      }
      const state = (await container.inspect({ abortSignal: call.signal })).State;
      return {
        summary: `${label}: ${state.Status}`,
        data: {
          name: label,
          id: info.Id,
          state: state.Status,
          ...(state.Health ? { health: state.Health.Status } : {}),
        },
      };
    },
  });
}

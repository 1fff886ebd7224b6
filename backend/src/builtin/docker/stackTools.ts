import { z } from "zod";
import { STACK } from "./labels.js";
import {
  deployStack,
  parseCompose,
  planStack,
  renderTemplate,
  stackNames,
  stackStatus,
  STACK_NAME,
  TEMPLATES,
} from "./stack/index.js";
import type { Deployment } from "./stackHistory.js";
import { arg, defineTool, Refusal, ToolFailure, type DockerTool, type ToolCall } from "./toolKit.js";

const stackName = z
  .string()
  .regex(STACK_NAME, "a-z, 0-9, _ and -, starting with a letter or digit")
  .describe("The stack's name");
const DEFAULT_WAIT_S = 180;

async function record(call: ToolCall, stack: string, deployment: Omit<Deployment, "at">) {
  await call.history.record(stack, { ...deployment, at: new Date().toISOString() });
}

export const stackTools: DockerTool[] = [
  defineTool({
    name: "deploy_stack",
    kind: "write",
    idempotent: true,
    openWorld: true,
    description:
      "Deploy a stack from compose YAML text, or from a template by name with parameters: networks, volumes, images (pulled, or built from build.dockerfile_inline or a git/tar URL), " +
      "then services in depends_on order, waiting for health checks; on failure everything it created is rolled back. Redeploying keeps unchanged services and needs confirmation to replace changed ones. " +
      "Supported service keys: image, build, command, entrypoint, environment, ports, expose, volumes, networks, depends_on (with conditions), healthcheck, restart, deploy.resources, labels, user, working_dir, and more; unknown keys are refused by name. " +
      `Ports without a host address are published on 127.0.0.1. Templates: ${Object.entries(TEMPLATES)
        .map(([name, t]) => `${name} (${t.description})`)
        .join("; ")}.`,
    input: {
      name: stackName,
      compose: z.string().optional().describe("The compose file's YAML text"),
      template: z
        .enum(Object.keys(TEMPLATES) as [string, ...string[]])
        .optional()
        .describe("A template's name, instead of compose"),
      parameters: z.record(z.string(), z.unknown()).optional().describe("The template's parameters"),
      variables: z
        .record(z.string(), z.string())
        .optional()
        .describe("Values for ${VAR} in the compose text"),
      pull: z
        .enum(["missing", "always"])
        .optional()
        .describe('"missing" (default): pull only images not here; "always": pull each'),
      wait_timeout_seconds: z
        .number()
        .int()
        .min(5)
        .max(1800)
        .optional()
        .describe(`How long to wait for every service to be up and healthy (default ${DEFAULT_WAIT_S})`),
      confirm: arg.confirm,
    },
    async run(args, call) {
      if (Boolean(args.compose) === Boolean(args.template))
        throw new Refusal("Refused: give either compose (YAML text) or template, not both or neither.");
      const started = Date.now();
      const rendered = args.template ? renderTemplate(args.template, args.parameters) : undefined;
      const plan = planStack(args.name, parseCompose(rendered?.yaml ?? args.compose!, args.variables));
      try {
        const report = await deployStack(call, plan, {
          waitTimeoutMs: (args.wait_timeout_seconds ?? DEFAULT_WAIT_S) * 1000,
          pull: args.pull ?? "missing",
        });
        const durationMs = Date.now() - started;
        const byAction = (action: string) =>
          report.services.filter((s) => s.action === action).map((s) => s.service);
        await record(call, args.name, {
          revision: report.revision,
          action: "deploy",
          outcome: "ok",
          durationMs,
          services: {
            created: byAction("created"),
            replaced: byAction("replaced"),
            kept: byAction("kept"),
            removed: report.removed,
          },
        });
        const status = await stackStatus(call.docker, call.history, args.name, call.signal);
        return {
          summary: `stack ${args.name} revision ${report.revision} is up in ${(durationMs / 1000).toFixed(1)} s: ${report.services.map((s) => `${s.service} ${s.action}`).join(", ")}`,
          data: {
            ...report,
            durationMs,
            status: status?.services ?? [],
            ...(rendered && Object.keys(rendered.generated).length ? { generated: rendered.generated } : {}),
          },
        };
      } catch (error) {
        if (!(error instanceof Refusal))
          await record(call, args.name, {
            revision: 0,
            action: "deploy",
            outcome: "rolled back",
            durationMs: Date.now() - started,
            error: (error as Error).message,
          });
        throw error;
      }
    },
  }),
  defineTool({
    name: "stack_status",
    kind: "read",
    description:
      "A stack's services with their state, health, ports and revision, its networks and volumes, and its deployment history. Without a name, the stacks there are.",
    input: { name: stackName.optional() },
    async run(args, call) {
      if (!args.name) {
        const names = await stackNames(call.docker, call.history, call.signal);
        const stacks = await Promise.all(
          names.map(async (name) => {
            const s = await stackStatus(call.docker, call.history, name, call.signal);
            return { name, state: s?.state ?? "removed", services: s?.services.length ?? 0 };
          }),
        );
        return { summary: `${stacks.length} stacks`, data: { stacks } };
      }
      const status = await stackStatus(call.docker, call.history, args.name, call.signal);
      if (!status)
        throw new ToolFailure(`no stack named ${args.name}; stack_status without a name lists the stacks`);
      const healthy = status.services.filter(
        (s) => s.health === "healthy" || (!s.health && s.state === "running"),
      ).length;
      return {
        summary: `stack ${args.name}: ${status.state}, ${healthy}/${status.services.length} services up`,
        data: { ...status },
        narrow: "the history keeps the last deployments",
      };
    },
  }),
  defineTool({
    name: "remove_stack",
    kind: "destroy",
    idempotent: true,
    description:
      "Stop and remove a stack's containers and networks. Its volumes, and their data, are kept unless remove_volumes is true.",
    input: {
      name: stackName,
      remove_volumes: z.boolean().optional().describe("Also delete the stack's named volumes and their data"),
      confirm: arg.confirm,
    },
    async run(args, call) {
      const started = Date.now();
      const status = await stackStatus(call.docker, call.history, args.name, call.signal);
      if (
        !status ||
        (!status.services.length &&
          !status.networks.length &&
          !(args.remove_volumes && status.volumes.length))
      )
        throw new ToolFailure(
          `no stack named ${args.name} is deployed; stack_status without a name lists the stacks`,
        );
      await call.confirm(
        `Remove stack ${args.name}: containers ${status.services.map((s) => s.container).join(", ") || "(none)"}` +
          (args.remove_volumes && status.volumes.length
            ? `, and delete volumes ${status.volumes.join(", ")} with their data`
            : ""),
      );
      const label = { label: [`${STACK.name}=${args.name}`] };
      const containers = await call.docker.listContainers({ all: true, filters: label });
      for (const c of containers) {
        call.progress(`removing ${c.Names[0]?.replace(/^\//, "")}`);
        await call.docker.getContainer(c.Id).remove({ force: true, v: true });
      }
      for (const network of await call.docker.listNetworks({ filters: label }))
        await call.docker.getNetwork(network.Id).remove();
      const volumes = args.remove_volumes ? status.volumes : [];
      for (const volume of volumes) await call.docker.getVolume(volume).remove();
      await record(call, args.name, {
        revision: 0,
        action: "remove",
        outcome: "ok",
        durationMs: Date.now() - started,
      });
      return {
        summary: `removed stack ${args.name}: ${containers.length} containers${volumes.length ? `, ${volumes.length} volumes` : `; volumes kept: ${status.volumes.join(", ") || "none"}`}`,
        data: {
          name: args.name,
          containers: containers.map((c) => c.Names[0]?.replace(/^\//, "")),
          volumesRemoved: volumes,
          volumesKept: args.remove_volumes ? [] : status.volumes,
        },
      };
    },
  }),
];

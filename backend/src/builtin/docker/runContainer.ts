import { isAbsolute } from "node:path";
import { z } from "zod";
import { createAndStart, hostAccessOf, LOOPBACK, type ContainerSpec } from "./containerSpec.js";
import { ensureImage } from "./engineStreams.js";
import { allowHostAccess, dangersOf } from "./safety.js";
import { confirmJoins, containerName, protectedJoinsOf } from "./targets.js";
import { arg, defineTool } from "./toolKit.js";
import { durationNs, sizeBytes } from "./units.js";

const argv = z.union([z.array(z.string()), z.string()]);
const toArgv = (value: string | string[] | undefined, shell: boolean) =>
  value === undefined
    ? undefined
    : typeof value === "string"
      ? shell
        ? ["sh", "-c", value]
        : [value]
      : value;

const port = z.object({
  container_port: z.number().int().min(1).max(65_535).describe("The port inside the container"),
  host_port: z
    .number()
    .int()
    .min(0)
    .max(65_535)
    .optional()
    .describe("The host port (absent or 0: a random free one)"),
  host_ip: z
    .string()
    .optional()
    .describe(`The host address to publish on (default ${LOOPBACK}; "0.0.0.0" opens it to the network)`),
  protocol: z.enum(["tcp", "udp"]).optional().describe('"tcp" (default) or "udp"'),
});

const volume = z.object({
  source: z
    .string()
    .min(1)
    .describe("A volume name (created if missing) or an absolute host path (a bind mount)"),
  target: z.string().startsWith("/").describe("Where it appears in the container"),
  read_only: z.boolean().optional().describe("Mount it read-only"),
});

const healthcheck = z.object({
  test: argv.describe(
    'The check: an argv list, or a string run by the shell; exit 0 = healthy (e.g. "pg_isready")',
  ),
  interval: z.string().optional().describe('Time between checks (e.g. "5s"; Docker\'s default 30s)'),
  timeout: z.string().optional().describe('Time a check may take (e.g. "3s")'),
  retries: z.number().int().min(1).max(100).optional().describe("Failures in a row before unhealthy"),
  start_period: z
    .string()
    .optional()
    .describe('Start-up time during which failures do not count (e.g. "30s")'),
});

const limits = z.object({
  cpus: z.number().positive().max(512).optional().describe("CPUs, e.g. 0.5"),
  memory: z.string().optional().describe('Memory limit, e.g. "512m" or "1g"'),
  pids: z.number().int().min(1).optional().describe("Most processes at once"),
});

export const runContainerInput = {
  image: z.string().min(1).describe('Image reference, e.g. "nginx:1.27-alpine"'),
  name: z
    .string()
    .regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/)
    .optional()
    .describe("Container name (default: Docker picks one)"),
  command: argv.optional().describe("Replaces the image's CMD: an argv list, or a string run by sh -c"),
  entrypoint: argv.optional().describe("Replaces the image's ENTRYPOINT (an argv list, or one program)"),
  env: z.record(z.string(), z.string()).optional().describe("Environment variables"),
  ports: z.array(port).optional().describe("Ports to publish on the host"),
  volumes: z.array(volume).optional().describe("Volumes and host folders to mount"),
  network: z
    .string()
    .optional()
    .describe('A network to join (default "bridge"); "host" shares the host\'s network'),
  restart_policy: z
    .enum(["no", "always", "on-failure", "unless-stopped"])
    .optional()
    .describe("When Docker restarts it"),
  max_retries: z.number().int().min(0).optional().describe("For on-failure: restarts before giving up"),
  labels: arg.labels,
  limits: limits.optional().describe("Resource limits"),
  healthcheck: healthcheck.optional().describe("How Docker checks it is healthy"),
  user: z.string().optional().describe('Run as this user ("uid:gid" or a name)'),
  workdir: z.string().optional().describe("Working directory"),
  privileged: z
    .boolean()
    .optional()
    .describe('Privileged mode: full access to the host (only in mode "full", confirmed)'),
  pid: z
    .enum(["host"])
    .optional()
    .describe('"host" shares the host\'s processes (only in mode "full", confirmed)'),
  pull: z
    .enum(["missing", "always", "never"])
    .optional()
    .describe('Pull the image: "missing" (default), "always", "never"'),
  auto_remove: z.boolean().optional().describe("Remove the container when it exits"),
  confirm: arg.confirm,
};

type RunArgs = z.infer<z.ZodObject<typeof runContainerInput>>;

/** run_container's arguments as a ContainerSpec (shared with deploy_stack's services). */
export function toContainerSpec(args: RunArgs, labels: Record<string, string>): ContainerSpec {
  return {
    name: args.name,
    image: args.image,
    command: toArgv(args.command, true),
    entrypoint: toArgv(args.entrypoint, false),
    env: args.env ?? {},
    ports: (args.ports ?? []).map((p) => ({
      containerPort: p.container_port,
      protocol: p.protocol ?? "tcp",
      hostPort: p.host_port || undefined,
      hostIp: p.host_ip,
    })),
    mounts: (args.volumes ?? []).map((v) => ({
      type: isAbsolute(v.source) ? "bind" : "volume",
      source: v.source,
      target: v.target,
      readOnly: v.read_only,
    })),
    network: args.network,
    restart: args.restart_policy
      ? { name: args.restart_policy, maximumRetryCount: args.max_retries }
      : undefined,
    limits: args.limits
      ? {
          nanoCpus: args.limits.cpus ? Math.round(args.limits.cpus * 1e9) : undefined,
          memoryBytes: args.limits.memory ? sizeBytes(args.limits.memory) : undefined,
          pids: args.limits.pids,
        }
      : undefined,
    healthcheck: args.healthcheck
      ? {
          test:
            typeof args.healthcheck.test === "string"
              ? ["CMD-SHELL", args.healthcheck.test]
              : ["CMD", ...args.healthcheck.test],
          intervalNs: args.healthcheck.interval ? durationNs(args.healthcheck.interval) : undefined,
          timeoutNs: args.healthcheck.timeout ? durationNs(args.healthcheck.timeout) : undefined,
          retries: args.healthcheck.retries,
          startPeriodNs: args.healthcheck.start_period
            ? durationNs(args.healthcheck.start_period)
            : undefined,
        }
      : undefined,
    user: args.user,
    workdir: args.workdir,
    privileged: args.privileged,
    pidMode: args.pid,
    autoRemove: args.auto_remove,
    labels: { ...args.labels, ...labels },
  };
}

export const runContainer = defineTool({
  name: "run_container",
  kind: "write",
  openWorld: true,
  description:
    "Create and start a container from an image (pulled when missing). Ports are published on 127.0.0.1 unless host_ip says otherwise. " +
    'Privileged mode, the host\'s network or PID namespace, the Docker socket and host folders outside the allowed list are refused, except in mode "full" with confirmation. ' +
    "Joining the hub's own networks, or a hub container's namespace, needs confirmation.",
  input: runContainerInput,
  async run(args, call) {
    const spec = toContainerSpec(args, call.labels("run_container"));
    const what = `container ${args.name ?? `from ${args.image}`}`;
    await allowHostAccess(
      dangersOf(hostAccessOf(spec), call.options.allowedHostPaths),
      what,
      call.options.mode,
      call.confirm,
    );
    await confirmJoins(call, what, await protectedJoinsOf(call, spec));
    const pulled = await ensureImage(call, args.image, args.pull);
    call.progress(`creating ${what}`);
    const container = await createAndStart(call.docker, spec, call.signal);
    const info = await container.inspect();
    const ports = Object.entries(info.NetworkSettings.Ports ?? {}).flatMap(([key, bindings]) =>
      (bindings ?? []).map((b) => `${b.HostIp}:${b.HostPort}->${key}`),
    );
    return {
      summary: `started ${containerName(info)} (${info.Id.slice(0, 12)}) from ${args.image}${pulled === "pulled" ? ", pulled now" : ""}`,
      data: {
        name: containerName(info),
        id: info.Id,
        image: args.image,
        state: info.State.Status,
        ports,
        pulled: pulled === "pulled",
      },
    };
  },
});

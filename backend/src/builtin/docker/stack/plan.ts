import { createHash } from "node:crypto";
import { isAbsolute } from "node:path";
import type { ContainerSpec, MountSpec, PortSpec } from "../containerSpec.js";
import { durationNs, sizeBytes } from "../units.js";
import { ComposeError, toMap, type ComposeFile, type ComposeService } from "./compose.js";

export type Condition = "service_started" | "service_healthy" | "service_completed_successfully";

export interface ServicePlan {
  service: string;
  spec: ContainerSpec & { name: string };
  /** An inline or URL build, when the service has `build`. */
  build?: {
    dockerfile?: string;
    contextUrl?: string;
    dockerfilePath?: string;
    args: Record<string, string>;
    target?: string;
  };
  dependsOn: { service: string; condition: Condition }[];
  /** Hash of everything that shapes the container: an unchanged service keeps its container on redeploy. */
  hash: string;
}

export interface ResourcePlan {
  key: string;
  name: string;
  external: boolean;
  driver?: string;
  internal?: boolean;
  labels: Record<string, string>;
}

export interface StackPlan {
  stack: string;
  /** In dependency order: a service comes after everything it depends on. */
  services: ServicePlan[];
  networks: ResourcePlan[];
  volumes: ResourcePlan[];
}

export const STACK_NAME = /^[a-z0-9][a-z0-9_-]{0,62}$/;

/** The compose model as containers, networks and volumes to create, named `<stack>-<service>-1`, `<stack>_<key>`. */
export function planStack(stack: string, compose: ComposeFile): StackPlan {
  if (!STACK_NAME.test(stack))
    throw new ComposeError(
      `stack name "${stack}": use a-z, 0-9, "_" and "-", starting with a letter or digit`,
    );
  const volumes = resources(stack, compose.volumes, "volume");
  const declaredNetworks = resources(stack, compose.networks, "network");
  const usesDefault = Object.values(compose.services).some((s) => !s.networks && !s.network_mode);
  const networks =
    usesDefault && !declaredNetworks.some((n) => n.key === "default")
      ? [...declaredNetworks, { key: "default", name: `${stack}_default`, external: false, labels: {} }]
      : declaredNetworks;
  const services = Object.entries(compose.services).map(([name, service]) =>
    planService(stack, name, service, { networks, volumes, services: compose.services }),
  );
  return { stack, services: dependencyOrder(services), networks, volumes };
}

function resources(stack: string, declared: ComposeFile["volumes"], kind: string): ResourcePlan[] {
  return Object.entries(declared ?? {}).map(([key, value]) => ({
    key,
    name: value?.name ?? (value?.external ? key : `${stack}_${key}`),
    external: value?.external ?? false,
    driver: value?.driver,
    internal: kind === "network" ? value?.internal : undefined,
    labels: toMap(value?.labels, `${kind}s.${key}.labels`),
  }));
}

interface Context {
  networks: ResourcePlan[];
  volumes: ResourcePlan[];
  services: ComposeFile["services"];
}

function planService(stack: string, service: string, s: ComposeService, context: Context): ServicePlan {
  const where = `services.${service}`;
  const image = s.image ?? `${stack}-${service}:latest`;
  const build = s.build === undefined ? undefined : planBuild(s.build, where);
  const limits = s.deploy?.resources?.limits;
  const reservations = s.deploy?.resources?.reservations;
  const cpus = limits?.cpus ?? s.cpus;
  const memory = limits?.memory ?? s.mem_limit;
  const networkKeys = s.network_mode
    ? []
    : s.networks
      ? Array.isArray(s.networks)
        ? s.networks
        : Object.keys(s.networks)
      : ["default"];
  const networks = networkKeys.map((key) => {
    const network = context.networks.find((n) => n.key === key);
    if (!network)
      throw new ComposeError(`${where}.networks: network "${key}" is not declared under networks`);
    const extra = !Array.isArray(s.networks) ? s.networks?.[key]?.aliases : undefined;
    return { name: network.name, aliases: [service, ...(extra ?? [])] };
  });
  const spec: ServicePlan["spec"] = {
    name: `${stack}-${service}-1`,
    image,
    command: toArgv(s.command, true),
    entrypoint: toArgv(s.entrypoint, false),
    env: toMap(s.environment, `${where}.environment`),
    ports: (s.ports ?? []).flatMap((p, i) => toPorts(p, `${where}.ports.${i}`)),
    expose: s.expose?.map((e) => (String(e).includes("/") ? String(e) : `${e}/tcp`)),
    mounts: (s.volumes ?? []).map((v, i) => toMount(v, `${where}.volumes.${i}`, context.volumes)),
    network: s.network_mode ?? networks[0]?.name,
    networks,
    restart: toRestart(s),
    limits:
      cpus !== undefined ||
      memory !== undefined ||
      limits?.pids !== undefined ||
      s.pids_limit !== undefined ||
      reservations?.memory !== undefined
        ? {
            nanoCpus: cpus !== undefined ? Math.round(Number(cpus) * 1e9) : undefined,
            memoryBytes: memory !== undefined ? sizeBytes(memory) : undefined,
            pids: limits?.pids ?? s.pids_limit,
            memoryReservationBytes:
              reservations?.memory !== undefined ? sizeBytes(reservations.memory) : undefined,
          }
        : undefined,
    healthcheck: toHealth(s.healthcheck, where),
    user: s.user === undefined ? undefined : String(s.user),
    workdir: s.working_dir,
    hostname: s.hostname,
    privileged: s.privileged,
    pidMode: s.pid,
    capAdd: s.cap_add,
    capDrop: s.cap_drop,
    readOnlyRootfs: s.read_only,
    init: s.init,
    tmpfs:
      s.tmpfs === undefined
        ? undefined
        : Object.fromEntries(
            (Array.isArray(s.tmpfs) ? s.tmpfs : [s.tmpfs])
              .map((t) => t.split(":") as [string, string])
              .map(([path, options]) => [path, options ?? ""]),
          ),
    stopTimeoutSeconds:
      s.stop_grace_period === undefined ? undefined : Math.round(durationNs(s.stop_grace_period) / 1e9),
    labels: toMap(s.labels, `${where}.labels`),
  };
  const dependsOn = toDependsOn(s.depends_on, where, context.services);
  const hash = createHash("sha256").update(canonical({ spec, build, dependsOn })).digest("hex").slice(0, 16);
  return { service, spec, build, dependsOn, hash };
}

function planBuild(build: NonNullable<ComposeService["build"]>, where: string): ServicePlan["build"] {
  const b = typeof build === "string" ? { context: build } : build;
  const remote = b.context !== undefined && /^(https?:\/\/|git@|git:\/\/|github\.com\/)/.test(b.context);
  if (!b.dockerfile_inline && !remote)
    throw new ComposeError(
      `${where}.build: the hub cannot read your folders; use build.dockerfile_inline, or a context that is a git or tar URL`,
    );
  return {
    dockerfile: b.dockerfile_inline,
    contextUrl: remote ? b.context : undefined,
    dockerfilePath: remote ? b.dockerfile : undefined,
    args: toMap(b.args, `${where}.build.args`),
    target: b.target,
  };
}

const toArgv = (value: string | string[] | undefined, shell: boolean): string[] | undefined =>
  value === undefined
    ? undefined
    : Array.isArray(value)
      ? value
      : shell
        ? ["sh", "-c", value]
        : value.split(/\s+/).filter(Boolean);

/**
 * "8080:80", "127.0.0.1:8080:80/udp", "127.0.0.1::80", "80", 80, or the long form. Without a host address the
 * port is published on loopback (Compose would use every interface): "0.0.0.0:8080:80" opens it to the network.
 */
function toPorts(port: NonNullable<ComposeService["ports"]>[number], where: string): PortSpec[] {
  if (typeof port === "object")
    return [
      {
        containerPort: port.target,
        protocol: port.protocol ?? "tcp",
        hostPort: port.published ? Number(port.published) : undefined,
        hostIp: port.host_ip,
      },
    ];
  const [body, protocol = "tcp"] = String(port).split("/");
  const parts = body!.split(":");
  const container = Number(parts.pop());
  const host = parts.pop();
  const ip = parts.join(":") || undefined;
  if (
    !Number.isInteger(container) ||
    (host && !/^\d+$/.test(host)) ||
    (protocol !== "tcp" && protocol !== "udp")
  )
    throw new ComposeError(`${where}: "${port}" is not a port mapping (e.g. "127.0.0.1:8080:80")`);
  return [{ containerPort: container, protocol, hostPort: host ? Number(host) : undefined, hostIp: ip }];
}

/** "data:/var/lib/x", "/host/path:/x:ro", "/anonymous", or the long form; relative host paths cannot be resolved. */
function toMount(
  volume: NonNullable<ComposeService["volumes"]>[number],
  where: string,
  declared: ResourcePlan[],
): MountSpec {
  const m =
    typeof volume === "object"
      ? volume
      : (() => {
          const parts = volume.split(":");
          if (parts.length === 1)
            return { type: "volume" as const, target: parts[0]!, source: undefined, read_only: false };
          const [source, target, mode] = parts;
          return {
            type: isHostPath(source!) ? ("bind" as const) : ("volume" as const),
            source,
            target: target!,
            read_only: mode === "ro",
          };
        })();
  if (m.type === "bind" && m.source && !isAbsolute(m.source))
    throw new ComposeError(
      `${where}: host path "${m.source}" is relative; the hub cannot see your folders, so use an absolute path or a named volume`,
    );
  if (m.type === "volume" && m.source) {
    const named = declared.find((v) => v.key === m.source);
    if (!named) throw new ComposeError(`${where}: volume "${m.source}" is not declared under volumes`);
    return { type: "volume", source: named.name, target: m.target, readOnly: m.read_only };
  }
  return { type: m.type, source: m.source, target: m.target, readOnly: m.read_only };
}

const isHostPath = (source: string) =>
  source.startsWith("/") || source.startsWith(".") || source.startsWith("~");

function toRestart(s: ComposeService): ContainerSpec["restart"] {
  const policy = s.deploy?.restart_policy;
  if (policy?.condition)
    return policy.condition === "none"
      ? { name: "no" }
      : policy.condition === "any"
        ? { name: "always" }
        : { name: "on-failure", maximumRetryCount: policy.max_attempts };
  if (!s.restart) return undefined;
  const [name, retries] = s.restart.split(":");
  return {
    name: name as NonNullable<ContainerSpec["restart"]>["name"],
    maximumRetryCount: retries ? Number(retries) : undefined,
  };
}

function toHealth(h: ComposeService["healthcheck"], where: string): ContainerSpec["healthcheck"] {
  if (!h) return undefined;
  if (h.disable) return "disable";
  if (!h.test) throw new ComposeError(`${where}.healthcheck: test is missing`);
  const test = typeof h.test === "string" ? ["CMD-SHELL", h.test] : h.test;
  if (!["CMD", "CMD-SHELL", "NONE"].includes(test[0]!))
    throw new ComposeError(`${where}.healthcheck.test: a list starts with "CMD", "CMD-SHELL" or "NONE"`);
  return {
    test,
    intervalNs: h.interval === undefined ? undefined : durationNs(h.interval),
    timeoutNs: h.timeout === undefined ? undefined : durationNs(h.timeout),
    retries: h.retries,
    startPeriodNs: h.start_period === undefined ? undefined : durationNs(h.start_period),
  };
}

function toDependsOn(
  d: ComposeService["depends_on"],
  where: string,
  services: ComposeFile["services"],
): ServicePlan["dependsOn"] {
  const entries = !d
    ? []
    : Array.isArray(d)
      ? d.map((service) => ({ service, condition: "service_started" as Condition }))
      : Object.entries(d).map(([service, v]) => ({ service, condition: v.condition }));
  for (const e of entries) {
    if (!services[e.service]) throw new ComposeError(`${where}.depends_on: no service "${e.service}"`);
    if (e.condition === "service_healthy" && !services[e.service]!.healthcheck)
      throw new ComposeError(
        `${where}.depends_on.${e.service}: service_healthy needs a healthcheck on ${e.service}`,
      );
  }
  return entries;
}

/** Dependencies first; a cycle is an error naming it. */
function dependencyOrder(services: ServicePlan[]): ServicePlan[] {
  const byName = new Map(services.map((s) => [s.service, s]));
  const done = new Set<string>();
  const visiting: string[] = [];
  const ordered: ServicePlan[] = [];
  const visit = (s: ServicePlan) => {
    if (done.has(s.service)) return;
    if (visiting.includes(s.service))
      throw new ComposeError(
        `depends_on forms a cycle: ${[...visiting.slice(visiting.indexOf(s.service)), s.service].join(" → ")}`,
      );
    visiting.push(s.service);
    for (const dep of s.dependsOn) visit(byName.get(dep.service)!);
    visiting.pop();
    done.add(s.service);
    ordered.push(s);
  };
  services.forEach(visit);
  return ordered;
}

/** JSON with sorted keys, so equal definitions hash equally. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object")
    return `{${Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`)
      .join(",")}}`;
  return JSON.stringify(value);
}

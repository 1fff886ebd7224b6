import type Dockerode from "dockerode";
import type { HostAccess } from "./safety.js";

/**
 * A container as run_container and deploy_stack describe it, before it becomes Docker's create options: one
 * mapping, so both get the same defaults, the same safety checks and the same labels.
 */
export interface ContainerSpec {
  name?: string;
  image: string;
  command?: string[];
  entrypoint?: string[];
  env: Record<string, string>;
  ports: PortSpec[];
  mounts: MountSpec[];
  /** A network name, or "host", "none", "bridge", "container:<name>". */
  network?: string;
  /** More networks to join once created, each with its aliases (the first network's aliases come here too). */
  networks?: { name: string; aliases: string[] }[];
  restart?: { name: "no" | "always" | "on-failure" | "unless-stopped"; maximumRetryCount?: number };
  limits?: { nanoCpus?: number; memoryBytes?: number; pids?: number; memoryReservationBytes?: number };
  healthcheck?: HealthSpec | "disable";
  user?: string;
  workdir?: string;
  hostname?: string;
  privileged?: boolean;
  pidMode?: string;
  capAdd?: string[];
  capDrop?: string[];
  readOnlyRootfs?: boolean;
  init?: boolean;
  tmpfs?: Record<string, string>;
  stopTimeoutSeconds?: number;
  expose?: string[];
  labels: Record<string, string>;
  autoRemove?: boolean;
}

export interface PortSpec {
  containerPort: number;
  protocol: "tcp" | "udp";
  /** Absent: a random free host port. */
  hostPort?: number;
  /** Absent in a spec means loopback: nothing is published on every interface unless asked. */
  hostIp?: string;
}

export interface MountSpec {
  type: "volume" | "bind" | "tmpfs";
  /** A volume name or an absolute host path; absent for tmpfs and anonymous volumes. */
  source?: string;
  target: string;
  readOnly?: boolean;
}

export interface HealthSpec {
  test: string[];
  intervalNs?: number;
  timeoutNs?: number;
  retries?: number;
  startPeriodNs?: number;
}

export const LOOPBACK = "127.0.0.1";

export function hostAccessOf(spec: ContainerSpec): HostAccess {
  return {
    privileged: spec.privileged,
    networkMode: spec.network,
    pidMode: spec.pidMode,
    capAdd: spec.capAdd,
    hostPaths: spec.mounts.filter((m) => m.type === "bind" && m.source).map((m) => m.source!),
  };
}

export function toCreateOptions(spec: ContainerSpec): Dockerode.ContainerCreateOptions {
  const portKey = (p: PortSpec) => `${p.containerPort}/${p.protocol}`;
  const bindings: Record<string, { HostIp: string; HostPort: string }[]> = {};
  for (const p of spec.ports)
    (bindings[portKey(p)] ??= []).push({
      HostIp: p.hostIp ?? LOOPBACK,
      HostPort: p.hostPort ? String(p.hostPort) : "",
    });
  const first = spec.networks?.[0];
  return {
    ...(spec.name ? { name: spec.name } : {}),
    Image: spec.image,
    ...(spec.command ? { Cmd: spec.command } : {}),
    ...(spec.entrypoint ? { Entrypoint: spec.entrypoint } : {}),
    Env: Object.entries(spec.env).map(([k, v]) => `${k}=${v}`),
    Labels: spec.labels,
    ExposedPorts: Object.fromEntries(
      [...spec.ports.map(portKey), ...(spec.expose ?? [])].map((k) => [k, {}]),
    ),
    ...(spec.user ? { User: spec.user } : {}),
    ...(spec.workdir ? { WorkingDir: spec.workdir } : {}),
    ...(spec.hostname ? { Hostname: spec.hostname } : {}),
    ...(spec.stopTimeoutSeconds !== undefined ? { StopTimeout: spec.stopTimeoutSeconds } : {}),
    ...(spec.healthcheck ? { Healthcheck: toHealthcheck(spec.healthcheck) } : {}),
    HostConfig: {
      PortBindings: bindings,
      Mounts: spec.mounts.map((m) => ({
        Type: m.type,
        Target: m.target,
        Source: m.source ?? "",
        ReadOnly: m.readOnly ?? false,
      })),
      ...(spec.network ? { NetworkMode: spec.network } : {}),
      ...(spec.restart
        ? {
            RestartPolicy: {
              Name: spec.restart.name === "no" ? "" : spec.restart.name,
              MaximumRetryCount: spec.restart.maximumRetryCount ?? 0,
            },
          }
        : {}),
      ...(spec.limits?.nanoCpus ? { NanoCpus: spec.limits.nanoCpus } : {}),
      ...(spec.limits?.memoryBytes ? { Memory: spec.limits.memoryBytes } : {}),
      ...(spec.limits?.memoryReservationBytes
        ? { MemoryReservation: spec.limits.memoryReservationBytes }
        : {}),
      ...(spec.limits?.pids ? { PidsLimit: spec.limits.pids } : {}),
      ...(spec.privileged ? { Privileged: true } : {}),
      ...(spec.pidMode ? { PidMode: spec.pidMode } : {}),
      ...(spec.capAdd?.length ? { CapAdd: spec.capAdd } : {}),
      ...(spec.capDrop?.length ? { CapDrop: spec.capDrop } : {}),
      ...(spec.readOnlyRootfs ? { ReadonlyRootfs: true } : {}),
      ...(spec.init ? { Init: true } : {}),
      ...(spec.tmpfs ? { Tmpfs: spec.tmpfs } : {}),
      ...(spec.autoRemove ? { AutoRemove: true } : {}),
    },
    // The first network at create time, with its aliases; the others are connected before start.
    ...(first && spec.network === first.name
      ? { NetworkingConfig: { EndpointsConfig: { [first.name]: { Aliases: first.aliases } } } }
      : {}),
  };
}

function toHealthcheck(health: HealthSpec | "disable"): Dockerode.HealthConfig {
  if (health === "disable") return { Test: ["NONE"] };
  return {
    Test: health.test,
    ...(health.intervalNs ? { Interval: health.intervalNs } : {}),
    ...(health.timeoutNs ? { Timeout: health.timeoutNs } : {}),
    ...(health.retries ? { Retries: health.retries } : {}),
    ...(health.startPeriodNs ? { StartPeriod: health.startPeriodNs } : {}),
  };
}

/** Creates the container, joins its other networks and starts it; a container that fails to start is removed. */
export async function createAndStart(
  docker: Dockerode,
  spec: ContainerSpec,
  signal: AbortSignal,
): Promise<Dockerode.Container> {
  const container = await docker.createContainer({ ...toCreateOptions(spec), abortSignal: signal });
  try {
    for (const extra of spec.networks?.slice(spec.network === spec.networks[0]?.name ? 1 : 0) ?? [])
      await docker
        .getNetwork(extra.name)
        .connect({ Container: container.id, EndpointConfig: { Aliases: extra.aliases } });
    await container.start({ abortSignal: signal });
  } catch (error) {
    await container.remove({ force: true, v: true }).catch(() => undefined);
    throw error;
  }
  return container;
}

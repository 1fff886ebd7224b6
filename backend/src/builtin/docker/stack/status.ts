import type Dockerode from "dockerode";
import { STACK } from "../labels.js";
import type { StackHistory } from "../stackHistory.js";

export interface ServiceStatus {
  service: string;
  container: string;
  image: string;
  state: string;
  health?: string;
  ports: string[];
  revision: number;
  created: string;
}

export interface StackStatus {
  stack: string;
  state: "running" | "partly running" | "stopped" | "removed";
  services: ServiceStatus[];
  networks: string[];
  volumes: string[];
  history: Awaited<ReturnType<StackHistory["of"]>>;
}

/** A stack as the engine shows it now (labels are the truth), with its deployment history. */
export async function stackStatus(
  docker: Dockerode,
  history: StackHistory,
  stack: string,
  signal?: AbortSignal,
): Promise<StackStatus | undefined> {
  const filters = { label: [`${STACK.name}=${stack}`] };
  const [containers, networks, volumes, past] = await Promise.all([
    docker.listContainers({ all: true, filters, abortSignal: signal }),
    docker.listNetworks({ filters, abortSignal: signal }),
    docker.listVolumes({ filters, abortSignal: signal }) as Promise<{ Volumes: { Name: string }[] | null }>,
    history.of(stack),
  ]);
  if (!containers.length && !networks.length && !past.length) return undefined;
  const services = await Promise.all(containers.map((c) => serviceStatus(docker, c, signal)));
  services.sort((a, b) => a.service.localeCompare(b.service));
  const running = services.filter((s) => s.state === "running").length;
  return {
    stack,
    state: !services.length
      ? "removed"
      : running === services.length
        ? "running"
        : running
          ? "partly running"
          : "stopped",
    services,
    networks: networks.map((n) => n.Name),
    volumes: (volumes.Volumes ?? []).map((v) => v.Name),
    history: past,
  };
}

async function serviceStatus(
  docker: Dockerode,
  c: Dockerode.ContainerInfo,
  signal?: AbortSignal,
): Promise<ServiceStatus> {
  // Health is only in inspect; a stack has a handful of services.
  const health =
    c.State === "running"
      ? (await docker.getContainer(c.Id).inspect({ abortSignal: signal })).State.Health?.Status
      : undefined;
  return {
    service: c.Labels[STACK.service] ?? "?",
    container: c.Names[0]?.replace(/^\//, "") ?? c.Id.slice(0, 12),
    image: c.Image,
    state: c.State,
    ...(health ? { health } : {}),
    ports: c.Ports.filter((p) => p.PublicPort).map(
      (p) => `${p.IP}:${p.PublicPort}->${p.PrivatePort}/${p.Type}`,
    ),
    revision: Number(c.Labels[STACK.revision]) || 0,
    created: new Date(c.Created * 1000).toISOString(),
  };
}

/** Every stack the engine has containers for, or the history remembers. */
export async function stackNames(
  docker: Dockerode,
  history: StackHistory,
  signal?: AbortSignal,
): Promise<string[]> {
  const containers = await docker.listContainers({
    all: true,
    filters: { label: [STACK.name] },
    abortSignal: signal,
  });
  return [...new Set([...containers.map((c) => c.Labels[STACK.name]!), ...(await history.stacks())])].sort();
}

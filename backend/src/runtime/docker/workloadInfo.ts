import type Dockerode from "dockerode";
import { LABELS, type WorkloadInfo, type WorkloadState } from "../types.js";

const STATES: Record<string, WorkloadState> = {
  created: "created",
  running: "running",
  restarting: "restarting",
  exited: "exited",
  dead: "dead",
  // A paused or removing container cannot serve requests; the supervisor treats it like a stopped one.
  paused: "exited",
  removing: "exited",
};

const toState = (raw: string | undefined): WorkloadState => STATES[raw ?? ""] ?? "unknown";

const toTransport = (labels: Record<string, string>): "stdio" | "http" | undefined => {
  const value = labels[LABELS.transport];
  return value === "stdio" || value === "http" ? value : undefined;
};

/** The container's IP on its own network first (NetworkMode), else on any network that assigned one. */
function addressOf(
  networks: Record<string, { IPAddress?: string }> | undefined,
  mode: string | undefined,
): string | undefined {
  if (!networks) return undefined;
  const own = mode ? networks[mode]?.IPAddress : undefined;
  if (own) return own;
  return Object.values(networks).find((network) => network.IPAddress)?.IPAddress || undefined;
}

function base(id: string, name: string, image: string, labels: Record<string, string>) {
  return {
    id,
    name: name.replace(/^\//, ""),
    server: labels[LABELS.server] ?? "",
    image,
    managed: labels[LABELS.managed] === "true",
    transport: toTransport(labels),
    configHash: labels[LABELS.configHash],
    labels,
  };
}

export function fromSummary(summary: Dockerode.ContainerInfo): WorkloadInfo {
  const labels = summary.Labels ?? {};
  return {
    ...base(summary.Id, summary.Names[0] ?? summary.Id, summary.Image, labels),
    state: toState(summary.State),
    address: addressOf(summary.NetworkSettings?.Networks, summary.HostConfig?.NetworkMode),
  };
}

export function fromInspect(info: Dockerode.ContainerInspectInfo): WorkloadInfo {
  const labels = info.Config.Labels ?? {};
  const started =
    info.State.StartedAt && !info.State.StartedAt.startsWith("0001")
      ? new Date(info.State.StartedAt)
      : undefined;
  return {
    ...base(info.Id, info.Name, info.Config.Image, labels),
    state: toState(info.State.Status),
    startedAt: started,
    address: addressOf(info.NetworkSettings?.Networks, info.HostConfig?.NetworkMode),
  };
}

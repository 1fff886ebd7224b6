/**
 * The rows of the "CPU µs per call by process" table and how to find their processes while a bench row runs:
 * the hub's node process by its container's main pid (`docker inspect` State.Pid, which the host's /proc shows,
 * and its children), the rest of a container (exec'd health checks; the fixture servers) by its cgroup, our own
 * children by pid, Docker's plumbing by process name. First match wins, so order matters: the mcp-proxy
 * peer's `docker run` child is a docker CLI, the hub's node process is also in the hub's cgroup.
 */
import { docker } from "../backend/test/support/images.js";
import { TEST_LABEL } from "../backend/test/support/docker.js";
import type { ProcessMatcher } from "./processCpu.js";

export const CPU_LABELS = {
  client: "bench client",
  hub: "hub (node)",
  hubExec: "hub health checks",
  fixture: "fixture server(s)",
  peer: "mcp-proxy",
  dockerCli: "docker CLI",
  dockerProxy: "docker-proxy",
  shim: "containerd-shim",
  dockerd: "dockerd",
} as const;

async function inspect(container: string): Promise<{ id: string; pid: number } | undefined> {
  const res = await docker(["inspect", "-f", "{{.Id}} {{.State.Pid}}", container]);
  const [id, pid] = res.stdout.trim().split(" ");
  return res.code === 0 && id && Number(pid) > 0 ? { id, pid: Number(pid) } : undefined;
}

/** Full ids of the containers carrying any of these `mcp-hub.test` values (docker ANDs repeated filters). */
async function labelledContainers(labelValues: string[]): Promise<string[]> {
  const lists = await Promise.all(
    labelValues.map((value) =>
      docker(["ps", "-q", "--no-trunc", "--filter", `label=${TEST_LABEL}=${value}`]),
    ),
  );
  return [...new Set(lists.flatMap((res) => res.stdout.split("\n").filter(Boolean)))];
}

/**
 * Matchers for one bench row. `fixtureLabels` are the `mcp-hub.test` values the fixture containers carry (the
 * run's own for `docker run -i`, the hub's selector for the servers it started); `fixturePid` is a local child.
 */
export async function cpuMatchers(options: {
  hubContainer?: string;
  fixtureLabels: string[];
  fixturePid?: number;
  peerPid?: number;
}): Promise<ProcessMatcher[]> {
  const [hub, labelled] = await Promise.all([
    options.hubContainer ? inspect(options.hubContainer) : undefined,
    labelledContainers(options.fixtureLabels),
  ]);
  return [
    { label: CPU_LABELS.client, pids: [process.pid] },
    { label: CPU_LABELS.hub, pids: hub ? [hub.pid] : [], withDescendants: true },
    { label: CPU_LABELS.hubExec, containers: hub ? [hub.id] : [] },
    {
      label: CPU_LABELS.fixture,
      containers: labelled.filter((id) => id !== hub?.id), // the hub carries the run's label too
      pids: options.fixturePid ? [options.fixturePid] : [],
      withDescendants: true,
    },
    { label: CPU_LABELS.peer, pids: options.peerPid ? [options.peerPid] : [] },
    { label: CPU_LABELS.dockerCli, name: /^docker$/ },
    { label: CPU_LABELS.dockerProxy, name: /^docker-proxy$/ },
    { label: CPU_LABELS.shim, name: /^containerd-shim/ },
    { label: CPU_LABELS.dockerd, name: /^dockerd$/ },
  ];
}

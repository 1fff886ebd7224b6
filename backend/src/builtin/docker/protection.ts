import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { hostname } from "node:os";
import type Dockerode from "dockerode";
import { HUB } from "./labels.js";

/** Names of the hub's volumes and networks (compose files and scripts/hub-up.sh), which carry no label. */
const HUB_VOLUMES = new Set(["mcp-hub-data", "mcp-hub-registry"]);
const HUB_NETWORKS = new Set(["mcp-hub", "mcp-hub-internal"]);

/**
 * The hub's own containers — the hub itself, its registry, the MCP servers it runs — and the volumes and networks
 * they live on. No tool stops, removes or changes them unless the call names them and is confirmed; bulk tools
 * (prunes, remove_stack) never touch them.
 */
export interface Protection {
  /** Why this container is the hub's, or undefined when it is not. */
  container(
    info: Pick<Dockerode.ContainerInspectInfo, "Id" | "Name"> & {
      Config?: { Labels?: Record<string, string> | null };
    },
  ): string | undefined;
  /** The same for a list entry (labels and id only). */
  listed(info: { Id: string; Labels?: Record<string, string> | null }): string | undefined;
  volume(name: string, labels?: Record<string, string> | null): string | undefined;
  network(name: string, labels?: Record<string, string> | null): string | undefined;
}

export function createProtection(selfId: string | undefined): Protection {
  const byLabels = (id: string, labels: Record<string, string> | null | undefined) => {
    if (selfId && (id === selfId || id.startsWith(selfId) || selfId.startsWith(id)))
      return "it is the container this server runs in";
    if (labels?.[HUB.component]) return `it is the hub's ${labels[HUB.component]} (label ${HUB.component})`;
    if (labels?.[HUB.managed] === "true" || labels?.[HUB.server])
      return `it is an MCP server the hub runs (label ${labels[HUB.managed] === "true" ? HUB.managed : HUB.server})`;
    return undefined;
  };
  return {
    container: (info) => byLabels(info.Id, info.Config?.Labels),
    listed: (info) => byLabels(info.Id, info.Labels),
    volume: (name, labels) =>
      HUB_VOLUMES.has(name) || labels?.[HUB.component] ? "it holds the hub's data" : undefined,
    network: (name, labels) =>
      HUB_NETWORKS.has(name) || labels?.[HUB.network] ? "the hub and its MCP servers use it" : undefined,
  };
}

/**
 * The id of the container this process runs in, when it runs in one: Docker bind-mounts /etc/hostname and friends
 * from /var/lib/docker/containers/<id>/, which /proc/self/mountinfo shows; a default hostname is the id's prefix.
 */
export async function ownContainerId(): Promise<string | undefined> {
  const mounts = await readFile("/proc/self/mountinfo", "utf8").catch(() => "");
  const fromMounts = /\/containers\/([0-9a-f]{64})\/(?:hostname|hosts|resolv\.conf)/.exec(mounts)?.[1];
  if (fromMounts) return fromMounts;
  const name = hostname();
  return /^[0-9a-f]{12}$/.test(name) && existsSync("/.dockerenv") ? name : undefined;
}

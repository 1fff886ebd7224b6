import type Dockerode from "dockerode";
import type { ContainerSpec } from "./containerSpec.js";
import type { ToolCall } from "./toolKit.js";

export const containerName = (info: { Name?: string; Id: string }): string =>
  info.Name?.replace(/^\//, "") || info.Id.slice(0, 12);

/** The container `name` names (a name or an id); Docker's 404 says when there is none. */
export async function inspectContainer(
  call: ToolCall,
  name: string,
): Promise<Dockerode.ContainerInspectInfo> {
  return call.docker.getContainer(name).inspect({ abortSignal: call.signal });
}

/**
 * Confirms `action` on a container: always when `destructive`, and for any action on one of the hub's own
 * containers, saying so. Throws a Refusal when not confirmed.
 */
export async function confirmOnContainer(
  call: ToolCall,
  info: Dockerode.ContainerInspectInfo,
  action: string,
  destructive: boolean,
): Promise<void> {
  const reason = call.protection.container(info);
  if (reason) await call.confirm(`${action}, which is protected: ${reason}`);
  else if (destructive) await call.confirm(action);
}

/** Network modes that name no network of their own. */
const BUILT_IN_NETWORKS = new Set(["host", "none", "bridge", "default"]);

/**
 * What of the hub's a container would join, one phrase each: the hub's networks (a container there reaches the MCP
 * servers without the hub's token, audit or limits) and the namespaces of the hub's own containers.
 */
export async function protectedJoinsOf(
  call: ToolCall,
  spec: Pick<ContainerSpec, "network" | "networks" | "pidMode">,
): Promise<string[]> {
  const joins: string[] = [];
  const networks = new Set([spec.network, ...(spec.networks ?? []).map((n) => n.name)]);
  for (const name of networks) {
    if (!name || BUILT_IN_NETWORKS.has(name) || name.startsWith("container:")) continue;
    const found: { Labels?: Record<string, string> } | undefined = await call.docker
      .getNetwork(name)
      .inspect()
      .catch(() => undefined);
    const reason = call.protection.network(name, found?.Labels);
    if (reason) joins.push(`network ${name} (${reason})`);
  }
  for (const [what, mode] of [
    ["network", spec.network],
    ["PID", spec.pidMode],
  ] as const) {
    const shared = mode?.startsWith("container:") ? mode.slice("container:".length) : undefined;
    if (!shared) continue;
    const info = await inspectContainer(call, shared).catch(() => undefined);
    const reason = info && call.protection.container(info);
    if (reason) joins.push(`the ${what} namespace of container ${shared} (${reason})`);
  }
  return joins;
}

/** Has joining the hub's networks or containers' namespaces confirmed, saying what and why. */
export async function confirmJoins(call: ToolCall, what: string, joins: string[]): Promise<void> {
  if (joins.length) await call.confirm(`${what} joins ${joins.join(", ")}, which is protected`);
}

import type Dockerode from "dockerode";
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

import Dockerode from "dockerode";
import type { BuiltinContext, BuiltinInstance } from "../../hub/index.js";
import { createdLabels } from "./labels.js";
import { createDockerServer } from "./mcpServer.js";
import type { DockerOptions } from "./options.js";
import { createProtection, ownContainerId } from "./protection.js";
import type { StackHistory } from "./stackHistory.js";
import type { HubSeam } from "./toolKit.js";
import { DOCKER_TOOLS } from "./tools.js";

export interface InstanceDeps {
  /** Labels on everything the tools create, under the options' own (the hub's container labels). */
  labels?: Record<string, string>;
  seam: HubSeam;
  history: StackHistory;
  /** The engine; default: DOCKER_HOST or the local socket. */
  docker?: Dockerode;
}

/** One instance: one engine client, the protection of the hub's containers, and the stack history. */
export async function startDockerInstance(
  // It runs no container of its own and reads no secret: alone over stdio it gets only these.
  context: Pick<BuiltinContext<DockerOptions>, "name" | "options" | "log" | "readOnly">,
  deps: InstanceDeps,
): Promise<BuiltinInstance> {
  const docker = deps.docker ?? new Dockerode();
  // Fails the start (and the hub retries) when the engine is not there: better than tools that all fail.
  await docker.ping();
  const setup = {
    name: context.name,
    docker,
    options: context.options,
    labels: createdLabels(context.name, { ...deps.labels, ...context.options.labels }),
    protection: createProtection(await ownContainerId()),
    history: deps.history,
    log: context.log,
    tools: DOCKER_TOOLS,
    hubReadOnly: context.readOnly,
    seam: deps.seam,
  };
  return { createServer: () => createDockerServer(setup) };
}

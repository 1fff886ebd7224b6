/**
 * The built-in `docker` module (ADR 0020): MCP tools that manage this machine's Docker engine — containers, images,
 * networks, volumes, compose-style stacks, config checks — as the server `docker`, off until the user turns it on.
 *
 * It talks to the engine with its own dockerode client rather than through runtime/: runtime/ is the hub's narrow
 * port for the MCP servers it supervises (hardened, labelled, adopted by config hash), and it must stay that narrow;
 * these tools need the engine's whole surface, on containers the hub does not own. Its code loads on first start
 * (loadInstance.ts).
 */
import { join } from "node:path";
import { defineBuiltin, type AnyBuiltinModule } from "../../hub/index.js";
import { HUB_SEAM } from "./hubSeam.js";
import { loadInstance } from "./loadInstance.js";
import { dockerOptionsSchema, type DockerOptions } from "./options.js";
import { createStackHistory } from "./stackHistory.js";

export { MODES, dockerOptionsSchema, type DockerOptions, type Mode } from "./options.js";
export { createdResources } from "./createdResources.js";
export { serveDockerToolsOverStdio } from "./stdio.js";

export const DOCKER_SERVER = "docker";

export interface DockerModuleDeps {
  /** Labels on everything the tools create (the hub's own container labels; tests mark theirs). */
  labels?: Record<string, string>;
  /** The hub's data directory: the stacks' deployment history is kept there. */
  dataDir?: string;
}

export function dockerModule(deps: DockerModuleDeps = {}): AnyBuiltinModule {
  return defineBuiltin<DockerOptions>({
    id: "docker",
    description: "Docker orchestration: containers, images, networks, volumes, stacks and config checks",
    options: dockerOptionsSchema,
    seeds: [
      {
        name: DOCKER_SERVER,
        // Controlling Docker is root on the machine: no client gets it unless the user turns it on.
        enabled: false,
        risk: "high",
        description:
          "Manage this machine's Docker: containers, images, networks, volumes, stacks. Off until you turn it on.",
        // Builds, pulls and stack deploys take minutes; progress resets the timeout only for clients that ask for it.
        callTimeoutMs: 600_000,
      },
    ],
    async start(context) {
      const { startDockerInstance } = await loadInstance();
      return startDockerInstance(context, {
        labels: deps.labels,
        seam: HUB_SEAM,
        history: createStackHistory(
          deps.dataDir ? join(deps.dataDir, `${context.name}-stacks.json`) : undefined,
        ),
      });
    },
  });
}

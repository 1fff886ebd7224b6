import type { AnyBuiltinModule } from "../hub/index.js";
import type { Registry } from "../registry/index.js";
import { registryModule } from "./registry/index.js";
import { dockerModule, type DockerModuleDeps } from "./docker/index.js";

export { a2aModule } from "./a2a/index.js";
export {
  createdResources,
  DOCKER_SERVER,
  MODES as DOCKER_MODES,
  serveDockerToolsOverStdio,
} from "./docker/index.js";

/**
 * The built-in modules of the product, each in its own folder here, handed to the hub by the composition root
 * (hubProcess.ts); the hub never imports them (ADR 0007). A module's seeds become servers on first start.
 */
export function builtinModules(deps: { registry: Registry } & DockerModuleDeps): readonly AnyBuiltinModule[] {
  return [registryModule(deps.registry), dockerModule(deps)];
}

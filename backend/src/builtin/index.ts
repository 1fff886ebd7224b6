import type { AnyBuiltinModule } from "../hub/index.js";
import { dockerModule, type DockerModuleDeps } from "./docker/index.js";

export {
  createdResources,
  DOCKER_SERVER,
  MODES as DOCKER_MODES,
  serveDockerToolsOverStdio,
  type CreatedResources,
} from "./docker/index.js";

/**
 * The built-in modules of the product, each in its own folder here, handed to the hub by the composition root
 * (hubProcess.ts); the hub never imports them (ADR 0007). A module's seeds become servers on first start.
 */
export function builtinModules(deps: DockerModuleDeps = {}): readonly AnyBuiltinModule[] {
  return [dockerModule(deps)];
}

import { errorMessage } from "../errors/index.js";
import type { RegistryStatus } from "@mcp-hub/contracts";
import type { Logger } from "../log/index.js";
import { NETWORKS, type ContainerRuntime } from "../runtime/index.js";

/**
 * The local image registry (127.0.0.1:<port>) that `mcp-hub` builds push to. Standalone, scripts/hub-up.sh starts
 * it; under Docker Desktop the extension's compose file can hold only the hub, so the hub keeps it itself.
 */
export const REGISTRY_DEFAULTS = {
  name: "mcp-hub-registry",
  port: 5000,
} as const;
export const REGISTRY_COMPONENT_LABEL = "mcp-hub.component";

export type { RegistryStatus } from "@mcp-hub/contracts";

export interface RegistryOptions {
  runtime: ContainerRuntime;
  log: Logger;
  /** HUB_REGISTRY_IMAGE; absent = the hub does not manage a registry. */
  image?: string;
  port?: number;
  name?: string;
  /** The hub's container labels (tests mark theirs so they clean up). */
  labels?: Record<string, string>;
}

export interface Registry {
  status(): RegistryStatus;
  /** Creates or starts the registry container; never throws (a registry failure must not stop the hub). */
  ensure(): Promise<RegistryStatus>;
}

export function createRegistry(options: RegistryOptions): Registry {
  const { runtime, log, image } = options;
  const port = options.port ?? REGISTRY_DEFAULTS.port;
  const name = options.name ?? REGISTRY_DEFAULTS.name;
  let current: RegistryStatus = image ? { state: "starting", port } : { state: "disabled" };
  let pending: Promise<RegistryStatus> | undefined;

  async function run(image: string): Promise<RegistryStatus> {
    try {
      await runtime.ensureNetworks();
      const result = await runtime.ensureService({
        name,
        image,
        ports: [{ hostIp: "127.0.0.1", hostPort: port, containerPort: 5000 }],
        // Its images live in a volume named after it: one registry, one volume (as compose/standalone.yaml has it),
        // and a second registry under another name (tests) never shares the first one's storage.
        volumes: { [name]: "/var/lib/registry" },
        network: NETWORKS.public,
        labels: { ...options.labels, [REGISTRY_COMPONENT_LABEL]: "registry" },
      });
      log.info({ name, port, id: result.id, status: result.status }, "local registry running");
      current = { state: "running", port };
    } catch (error) {
      log.error({ err: error, name, image }, "could not start the local registry; the hub runs without it");
      current = { state: "failed", port, error: errorMessage(error) };
    }
    return current;
  }

  return {
    status: () => current,
    ensure() {
      if (!image) return Promise.resolve(current);
      // One attempt at a time: engine recovery and start-up may both ask.
      pending ??= run(image).finally(() => (pending = undefined));
      return pending;
    },
  };
}

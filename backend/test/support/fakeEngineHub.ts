/**
 * The hub in this process on an in-memory engine (FakeDockerApi, or a subclass failing where a test needs it),
 * keeping a local registry: the registry's part of the hub without a Docker engine. Listens on 127.0.0.1, port 0;
 * no built-in servers.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startHubProcess, type HubProcessOptions, type RunningHub } from "../../src/hubProcess.js";
import { createLogger } from "../../src/log/index.js";
import { createDockerRuntime, type DockerApi } from "../../src/runtime/index.js";

export interface FakeEngineHub extends RunningHub {
  dataDir: string;
  /** Closes the hub and removes its data directory. */
  dispose(): Promise<void>;
}

export async function startFakeEngineHub(
  options: { engine: DockerApi } & Required<Pick<HubProcessOptions, "registry">> &
    Pick<HubProcessOptions, "selfUrl">,
): Promise<FakeEngineHub> {
  const log = createLogger({ level: "silent" });
  const dataDir = mkdtempSync(join(tmpdir(), "mcp-hub-fake-engine-"));
  const hub = await startHubProcess({
    dataDir,
    host: "127.0.0.1",
    port: 0,
    log,
    runtime: createDockerRuntime({ api: options.engine, log }),
    builtins: [],
    registry: { reach: "host", ...options.registry },
    selfUrl: options.selfUrl,
  });
  return Object.assign(hub, {
    dataDir,
    async dispose() {
      await hub.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  });
}

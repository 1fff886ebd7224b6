/**
 * A whole hub in the test process, without a Docker engine: the real Sessions, Fleet and Hub over a state file in a
 * temporary directory and the in-memory engine of runtime/fakeDockerApi.ts. For built-in servers (which need no
 * engine) and for what the hub decides from its catalog.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createAuditLog, type AuditLog } from "../../src/audit/index.js";
import {
  createSecretStore,
  createStateStore,
  type ClientProfile,
  type StateStore,
} from "../../src/config/index.js";
import { Fleet, Hub, Sessions, type AnyBuiltinModule } from "../../src/hub/index.js";
import { createLogger } from "../../src/log/index.js";
import { createMetrics } from "../../src/metrics/index.js";
import { createDockerRuntime } from "../../src/runtime/index.js";
import { FakeDockerApi } from "../runtime/fakeDockerApi.js";

export interface UnitHub {
  hub: Hub;
  fleet: Fleet;
  state: StateStore;
  audit: AuditLog;
  engine: FakeDockerApi;
  close(): Promise<void>;
}

export async function startUnitHub(
  options: {
    profiles?: () => Record<string, ClientProfile>;
    builtins?: readonly AnyBuiltinModule[];
  } = {},
): Promise<UnitHub> {
  const dataDir = mkdtempSync(join(tmpdir(), "mcp-hub-unit-"));
  const log = createLogger({ level: "silent" });
  const state = createStateStore({ dataDir, log });
  await state.load();
  const audit = createAuditLog({ dataDir, log });
  const engine = new FakeDockerApi();
  const sessions = new Sessions("test");
  const fleet = new Fleet({
    state,
    secrets: createSecretStore({ dataDir }),
    runtime: createDockerRuntime({ api: engine, log }),
    log,
    createClient: (server, capabilities) => sessions.sharedClient(server, capabilities),
    builtins: options.builtins,
    readOnly: () => state.current().settings.readOnly,
  });
  const hub = new Hub({
    version: "test",
    log,
    metrics: createMetrics({ processMetrics: false }),
    audit,
    fleet,
    sessions,
    settings: () => state.current().settings,
    profiles: options.profiles ?? (() => state.current().clients),
  });
  await fleet.start();
  return {
    hub,
    fleet,
    state,
    audit,
    engine,
    async close() {
      await fleet.stopAll();
      await audit.close();
    },
  };
}

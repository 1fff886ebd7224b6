/**
 * The hub in this process, its Docker engine a closed port: enough for everything that needs no server (the MCP
 * endpoints' own answers, the REST API's event stream, agents reached by URL). Listens on 127.0.0.1, port 0 (and its
 * A2A gateway too, when asked for).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { startHubProcess, type RunningHub } from "../../src/hubProcess.js";

export interface LocalHub extends RunningHub {
  /** Closes the hub, removes its data directory and restores DOCKER_HOST. */
  dispose(): Promise<void>;
}

/** `gateway`: true listens on a free port; a number, on that port. */
export async function startLocalHub(options: { gateway?: boolean | number } = {}): Promise<LocalHub> {
  const previousHost = process.env.DOCKER_HOST;
  process.env.DOCKER_HOST = "tcp://127.0.0.1:1"; // read by the default Dockerode the hub builds
  const dataDir = mkdtempSync(join(tmpdir(), "mcp-hub-local-"));
  const hub = await startHubProcess({
    dataDir,
    host: "127.0.0.1",
    port: 0,
    log: pino({ level: "silent" }),
    builtins: [], // no servers of its own: the tests add what they need
    gateway:
      options.gateway === undefined || options.gateway === false
        ? undefined
        : { port: options.gateway === true ? 0 : options.gateway },
  });
  return Object.assign(hub, {
    async dispose() {
      await hub.close();
      if (previousHost === undefined) delete process.env.DOCKER_HOST;
      else process.env.DOCKER_HOST = previousHost;
      rmSync(dataDir, { recursive: true, force: true });
    },
  });
}

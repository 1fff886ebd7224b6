import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startHubProcess, type RunningHub } from "../../src/hubProcess.js";

/**
 * A hub whose Docker engine does not answer (DOCKER_HOST points at a closed port) must stay up: live, not ready
 * (with the reason), and its servers failing with the engine's error instead of the process exiting.
 */
describe("hub process without a reachable Docker engine", () => {
  let hub: RunningHub;
  let dataDir: string;
  const previousHost = process.env.DOCKER_HOST;

  beforeAll(async () => {
    process.env.DOCKER_HOST = "tcp://127.0.0.1:1"; // read by the default Dockerode the hub builds
    dataDir = mkdtempSync(join(tmpdir(), "mcp-hub-noengine-"));
    writeFileSync(
      join(dataDir, "hub.json"),
      JSON.stringify({ version: 1, servers: [{ name: "fx", kind: "image", image: "some/image:1" }] }),
    );
    hub = await startHubProcess({
      dataDir,
      host: "127.0.0.1",
      port: 0,
      log: pino({ level: "silent" }),
      supervision: { backoffInitialMs: 50, backoffMaxMs: 200 },
      builtins: [], // built-ins need no engine: only the container server's fate is tested here
    });
  });

  afterAll(async () => {
    await hub?.close();
    if (previousHost === undefined) delete process.env.DOCKER_HOST;
    else process.env.DOCKER_HOST = previousHost;
    rmSync(dataDir, { recursive: true, force: true });
  });

  const get = (path: string, token?: string) =>
    fetch(`${hub.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

  it("is live but not ready, and says why", async () => {
    expect((await get("/health/live")).status).toBe(200);
    const ready = await get("/health/ready");
    expect(ready.status).toBe(503);
    const body = (await ready.json()) as { reason: string };
    expect(body.reason).toMatch(/Docker engine unreachable: .*ECONNREFUSED/);
  });

  it("reports its servers as failing with the engine's error", async () => {
    await vi.waitFor(async () => {
      const res = await get("/api/servers/fx", hub.token);
      expect(res.status).toBe(200);
      const view = (await res.json()) as { state: string; lastError?: string; restarts: number };
      expect(["restarting", "circuit-open"]).toContain(view.state);
      expect(view.lastError).toMatch(/ECONNREFUSED/);
    });
    const status = (await (await get("/api/status", hub.token)).json()) as { servers: { ready: number } };
    expect(status.servers.ready).toBe(0);
  });
});

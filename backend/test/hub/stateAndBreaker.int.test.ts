import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { connectStreamableHttp } from "../support/mcpClient.js";
import { docker, TEST_IMAGES } from "../support/images.js";
import { runId, TEST_LABEL } from "../support/docker.js";
import { HUB_IMAGE } from "../support/hubContainer.js";
import { startTestHub, type TestHub } from "./hubKit.js";

const dockerOk = inject("mcpHubTestDocker");

describe.skipIf(!dockerOk)("hub start with an invalid state file", () => {
  it("exits non-zero, names the field, and leaves hub.json byte-for-byte unchanged", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "mcp-hub-invalid-"));
    const file = join(dataDir, "hub.json");
    // Hand-written, with odd spacing and a missing image: the hub must not "fix" it.
    const text = '{ "version": 1,\n  "servers": [ { "name": "broken", "kind": "image" } ] }\n';
    writeFileSync(file, text);
    const name = `mcp-hub-test-invalid-${runId().slice(-6)}`;
    // Foreground run: `docker run` exits with the hub's exit code.
    const run = await docker([
      "run",
      "--name",
      name,
      "--label",
      `${TEST_LABEL}=${runId()}`,
      "-v",
      `${dataDir}:/data`,
      "-e",
      `HUB_CONTAINER_LABELS=${TEST_LABEL}=${runId()}-invalid`,
      HUB_IMAGE,
    ]);
    await docker(["rm", "-f", "-v", name]);
    expect(run.code).not.toBe(0);
    expect(run.stdout + run.stderr).toContain("servers[0].image");
    expect(readFileSync(file, "utf8")).toBe(text);
  });
});

describe.skipIf(!dockerOk)("circuit breaker through the hub container", () => {
  let hub: TestHub;

  beforeAll(async () => {
    hub = await startTestHub();
  });

  afterAll(async () => {
    await hub?.dispose();
  });

  it("opens the circuit of a server that dies on start, fails calls fast, and resets on restart", async () => {
    const added = await hub.addServer({
      name: "brk",
      kind: "image",
      image: TEST_IMAGES.fixture,
      entrypoint: ["node", "-e", "process.exit(3)"],
    });
    expect(added.state).not.toBe("ready");
    // Backoff 0.5, 1, 2, 4 s: the fifth failure within a minute opens the circuit.
    const open = await hub.waitForServer(
      "brk",
      (v) => {
        expect(v.state).toBe("circuit-open");
      },
      60_000,
    );
    expect(open.breaker).toBe("open");
    expect(open.restarts).toBeGreaterThanOrEqual(5);
    expect(open.lastError).toMatch(/exited \(code 3\)/);

    const c = await connectStreamableHttp(`${hub.url}/mcp`, { token: hub.token });
    try {
      const started = Date.now();
      await expect(c.client.callTool({ name: "brk__echo", arguments: { text: "x" } })).rejects.toThrow(
        /server "brk" failed repeatedly; calls are refused .*restart it/,
      );
      expect(Date.now() - started).toBeLessThan(1000);
    } finally {
      await c.close();
    }
    const metrics = await (await fetch(`${hub.url}/metrics`)).text();
    expect(metrics).toMatch(/^mcp_hub_breaker_open\{server="brk"\} 1$/m);

    const restarted = await hub.api<{ breaker: string; state: string }>("POST", "/servers/brk/restart");
    expect(restarted.status).toBe(200);
    expect(restarted.body.breaker).toBe("closed");
    expect(restarted.body.state).not.toBe("circuit-open");
  });
});

import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { connectStreamableHttp } from "../support/mcpClient.js";
import { docker, TEST_IMAGES } from "../support/images.js";
import { TEST_LABEL } from "../support/docker.js";
import { startTestHub, type TestHub, textOf } from "./hubKit.js";

async function startedAt(container: string): Promise<string> {
  const res = await docker(["inspect", "--format", "{{.State.Running}} {{.State.StartedAt}}", container]);
  expect(res.code, res.stderr).toBe(0);
  return res.stdout.trim();
}

/** Hub restarts: running server containers are re-adopted, orphans removed, labelled containers discovered. */
describe.skipIf(!inject("mcpHubTestDocker"))("hub lifecycle through the hub container", () => {
  let hub: TestHub;

  const echo = async (tool: string, text: string) => {
    const c = await connectStreamableHttp(`${hub.url}/mcp`, { token: hub.token });
    try {
      return textOf(await c.client.callTool({ name: tool, arguments: { text } }));
    } finally {
      await c.close();
    }
  };

  beforeAll(async () => {
    hub = await startTestHub();
    await hub.addServer({ name: "fx", kind: "image", image: TEST_IMAGES.fixture });
  });

  afterAll(async () => {
    await hub?.dispose();
  });

  it("re-adopts its running server containers after a restart instead of duplicating them", async () => {
    const before = await hub.server("fx");
    const since = await startedAt(before.containerId!);
    await hub.restart();
    const after = await hub.waitForServer("fx", (v) => expect(v.state).toBe("ready"));
    expect(after.containerId).toBe(before.containerId);
    expect(await startedAt(before.containerId!)).toBe(since); // the same process, not restarted
    expect(await hub.containers(["label=mcp.server=fx"])).toEqual([before.containerId]);
    expect(await echo("fx__echo", "after restart")).toBe("after restart");
  });

  it("serves a labelled container it did not create as a discovered server, and never removes it", async () => {
    const run = await docker([
      "run",
      "-d",
      "-i",
      "--label",
      "mcp.server=disc",
      "--label",
      `${TEST_LABEL}=${hub.selector}`,
      TEST_IMAGES.fixture,
    ]);
    expect(run.code, run.stderr).toBe(0);
    const id = run.stdout.trim();

    const found = await hub.api<{ discovered: string[] }>("POST", "/discover");
    expect(found.status).toBe(200);
    expect(found.body.discovered).toEqual(["disc"]);
    const view = await hub.waitForServer("disc", (v) => {
      expect(v.state).toBe("ready");
      expect(v.counts.tools).toBeGreaterThan(0);
    });
    expect(view.kind).toBe("discovered");
    expect(view.containerId).toBe(id);
    expect(await echo("disc__echo", "found you")).toBe("found you");

    // Forgetting it leaves the container alone; a later discovery picks it up again.
    expect((await hub.api("DELETE", "/servers/disc")).status).toBe(204);
    expect((await startedAt(id)).startsWith("true")).toBe(true);
    expect((await hub.api<{ discovered: string[] }>("POST", "/discover")).body.discovered).toEqual(["disc"]);
  });

  it("removes a managed container whose server left the state while the hub was stopped", async () => {
    const gone = await hub.addServer({ name: "gone", kind: "image", image: TEST_IMAGES.fixture });
    expect(gone.state).toBe("ready");
    const disc = (await hub.server("disc")).containerId!;
    const stop = await docker(["stop", "-t", "10", hub.name]);
    expect(stop.code, stop.stderr).toBe(0);
    // The server containers outlive the hub.
    expect((await startedAt(gone.containerId!)).startsWith("true")).toBe(true);

    const file = join(hub.dataDir, "hub.json");
    const state = JSON.parse(readFileSync(file, "utf8")) as { servers: { name: string }[] };
    state.servers = state.servers.filter((s) => s.name !== "gone");
    writeFileSync(file, JSON.stringify(state, null, 2));
    await hub.restart();

    expect(await hub.containers(["label=mcp.server=gone"])).toEqual([]);
    expect((await hub.api("GET", "/servers/gone")).status).toBe(404);
    expect(await hub.containers(["label=mcp.server=fx"])).toHaveLength(1);
    // Discovered containers are never orphans: it is still running and served again.
    expect((await startedAt(disc)).startsWith("true")).toBe(true);
    await hub.waitForServer("disc", (v) => expect(v.state).toBe("ready"));
    expect(await echo("fx__echo", "still here")).toBe("still here");
  });
});

import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { TEST_LABEL } from "../support/docker.js";
import { startHubContainer, type HubContainer } from "../support/hubContainer.js";
import { docker } from "../support/images.js";
import { freePort } from "../support/ports.js";

const REGISTRY_IMAGE = process.env.REGISTRY_IMAGE ?? "mcp-hub-registry:dev";

/** Containers with this exact name (docker's name filter is a substring match). */
async function containersNamed(name: string): Promise<{ id: string; labels: Record<string, string> }[]> {
  const ids = (await docker(["ps", "-aq", "--no-trunc", "--filter", `name=^/${name}$`])).stdout
    .split("\n")
    .filter(Boolean);
  if (!ids.length) return [];
  const inspected = JSON.parse((await docker(["inspect", ...ids])).stdout) as {
    Id: string;
    Config: { Labels: Record<string, string> };
  }[];
  return inspected.map((c) => ({ id: c.Id, labels: c.Config.Labels }));
}

type StatusBody = { registry: { state: string; port?: number; error?: string } };

describe.skipIf(!inject("mcpHubTestDocker"))("the hub keeps the local registry (HUB_REGISTRY_IMAGE)", () => {
  let hub: HubContainer | undefined;
  let port: number;
  const name = `mcp-hub-registry-t${process.pid}-${Date.now().toString(36)}`;

  const registryAnswers = async () => {
    const res = await fetch(`http://127.0.0.1:${port}/v2/`, { signal: AbortSignal.timeout(2000) });
    expect(res.status).toBe(200);
  };

  beforeAll(async () => {
    port = await freePort();
    hub = await startHubContainer({
      env: { HUB_REGISTRY_IMAGE: REGISTRY_IMAGE, HUB_REGISTRY_NAME: name, HUB_REGISTRY_PORT: String(port) },
    });
  });

  afterAll(async () => {
    await hub?.remove();
    await docker(["rm", "-f", "-v", name]); // only if remove() missed it (the test below fails then)
    await docker(["volume", "rm", name]); // the registry's storage, named after it
  });

  it("creates one labelled registry container that answers /v2/ and shows as running in /api/status", async () => {
    await vi.waitFor(async () => expect(await containersNamed(name)).toHaveLength(1), { timeout: 30_000 });
    const [registry] = await containersNamed(name);
    expect(registry!.labels["mcp-hub.component"]).toBe("registry");
    expect(registry!.labels[TEST_LABEL]).toBe(hub!.selector);
    // Its storage is a volume of its own name, not the user's real mcp-hub-registry volume.
    const mounts = await docker([
      "inspect",
      "-f",
      "{{range .Mounts}}{{.Name}}={{.Destination}} {{end}}",
      name,
    ]);
    expect(mounts.stdout.trim()).toBe(`${name}=/var/lib/registry`);
    await vi.waitFor(registryAnswers, { timeout: 30_000, interval: 250 });
    await vi.waitFor(async () => {
      const status = await hub!.api<StatusBody>("GET", "/status");
      expect(status.body.registry).toEqual({ state: "running", port, wantedPort: port });
    });
  });

  it("reuses the same container after a hub restart", async () => {
    const [before] = await containersNamed(name);
    await hub!.restart();
    await vi.waitFor(async () => {
      const status = await hub!.api<StatusBody>("GET", "/status");
      expect(status.body.registry).toEqual({ state: "running", port, wantedPort: port });
    });
    const after = await containersNamed(name);
    expect(after.map((c) => c.id)).toEqual([before!.id]);
    await vi.waitFor(registryAnswers, { timeout: 30_000, interval: 250 });
  });

  it("goes away with the hub's labelled containers", async () => {
    await hub!.remove();
    hub = undefined;
    expect(await containersNamed(name)).toEqual([]);
  });
});

/**
 * A registry that cannot start never stops the hub: its state and reason are shown. The engine is the in-memory
 * fake, answering everything but the registry image's pull, which it refuses the way Docker does.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createLogger } from "../../src/log/index.js";
import { Registry } from "../../src/registry/index.js";
import { createDockerRuntime } from "../../src/runtime/index.js";
import { FakeDockerApi } from "../runtime/fakeDockerApi.js";
import { startFakeEngineHub, type FakeEngineHub } from "../support/fakeEngineHub.js";

const IMAGE = "mcp-hub-registry:nowhere";
const PULL_REFUSED = `pull access denied for ${IMAGE}, repository does not exist or may require 'docker login'`;
const PORT = 5999; // never bound: the container is never created

class NoRegistryImage extends FakeDockerApi {
  override async pullImage(ref: string): Promise<void> {
    this.calls.push(`pull ${ref}`);
    throw new Error(PULL_REFUSED);
  }
}

const log = createLogger({ level: "silent" });

describe("a registry that cannot start", () => {
  it("resolves ensure() with its state, failed, and the engine's reason", async () => {
    const engine = new NoRegistryImage();
    const registry = new Registry({
      runtime: createDockerRuntime({ api: engine, log }),
      log,
      image: IMAGE,
      wantedPort: () => PORT,
      reach: "host",
      imageServers: () => [],
    });
    const failed = { state: "failed", port: PORT, error: expect.stringContaining(PULL_REFUSED) };
    await expect(registry.ensure()).resolves.toEqual(failed);
    expect(registry.status()).toEqual(failed);
    expect(engine.calls).toContain(`pull ${IMAGE}`);
    expect(engine.calls.filter((c) => c.startsWith("create"))).toEqual([]);
  });

  describe("in a hub process", () => {
    let hub: FakeEngineHub;
    const api = async (path: string) => {
      const response = await fetch(`${hub.url}${path}`, {
        headers: { authorization: `Bearer ${hub.token}` },
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };

    beforeAll(async () => {
      hub = await startFakeEngineHub({
        engine: new NoRegistryImage(),
        registry: { image: IMAGE, port: PORT },
      });
    });
    afterAll(async () => {
      await hub?.dispose();
    });

    it("GET /api/registry answers 200 with the state and why nothing is listed", async () => {
      const registry = { state: "failed", port: PORT, error: expect.stringContaining(PULL_REFUSED) };
      await vi.waitFor(async () =>
        expect(await api("/api/registry")).toEqual({
          status: 200,
          body: {
            registry,
            repositories: [],
            error: expect.stringMatching(/^the registry could not start: pull access denied/),
          },
        }),
      );
      expect((await api("/api/status")).body).toMatchObject({ registry });
    });

    it("leaves the hub live, ready and serving", async () => {
      expect((await api("/health/live")).status).toBe(200);
      expect(await api("/health/ready")).toEqual({ status: 200, body: { status: "ready" } });
      expect(await api("/api/servers")).toMatchObject({ status: 200, body: { servers: [] } });
    });
  });
});

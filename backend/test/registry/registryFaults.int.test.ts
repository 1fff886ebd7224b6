import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { RegistryClient } from "../../src/registry/index.js";
import { TEST_LABEL } from "../support/docker.js";
import { docker } from "../support/images.js";
import { freePort } from "../support/ports.js";
import { startRegistryHub, type RegistryHub } from "../support/registryHub.js";
import { putImage, putIndex } from "../support/registryWrites.js";

type Listing = {
  registry: { state: string; port: number };
  repositories: {
    name: string;
    tags: { tag: string; size: number; platforms?: { os: string; architecture: string }[] }[];
  }[];
  error?: string;
};

describe.skipIf(!inject("mcpHubTestDocker"))(
  "the registry client and the registry's faults, against the real registry",
  () => {
    let hub: RegistryHub;
    let base: string;

    beforeAll(async () => {
      hub = await startRegistryHub({ port: await freePort() });
      await hub.waitForRegistry();
      base = `http://127.0.0.1:${hub.registryPort}`;
    });
    afterAll(async () => {
      await hub?.dispose();
    });

    it("pages through the catalog by its Link header", async () => {
      for (const name of ["page/a", "page/b", "page/c"])
        await putImage(base, name, "1", { layer: Buffer.from(name) });
      const client = new RegistryClient(base, 2);
      expect((await client.repositories()).filter((r) => r.startsWith("page/"))).toEqual([
        "page/a",
        "page/b",
        "page/c",
      ]);
    });

    it("reads a multi-platform index: each platform's image and size, the attestation left out", async () => {
      const amd = await putImage(base, "multi/app", undefined, {
        layer: Buffer.alloc(10_000, 1),
        architecture: "amd64",
        labels: { "mcp.server": "app" },
      });
      const arm = await putImage(base, "multi/app", undefined, {
        layer: Buffer.alloc(20_000, 2),
        architecture: "arm64",
      });
      await putIndex(base, "multi/app", "1.0", [
        { ...amd, os: "linux", architecture: "amd64" },
        { ...arm, os: "linux", architecture: "arm64" },
      ]);
      let tag: Listing["repositories"][number]["tags"][number] | undefined;
      await vi.waitFor(async () => {
        const { body } = await hub.api<Listing>("GET", "/registry");
        tag = body.repositories.find((r) => r.name === "multi/app")?.tags.find((t) => t.tag === "1.0");
        expect(tag).toBeDefined();
      });
      expect(tag!.platforms!.map((p) => `${p.os}/${p.architecture}`)).toEqual(["linux/amd64", "linux/arm64"]);
      expect(tag!.size).toBe(amd.bytes + arm.bytes);
    });

    it("says clearly when the registry is down, stays up, and starts it again", async () => {
      await docker(["stop", hub.registryName]);
      // What the hub already read it still shows; anything it must ask the registry for fails with the reason.
      const down = await hub.api<{ error: string; message: string }>(
        "GET",
        "/registry/tags?repository=down/check",
      );
      expect(down).toMatchObject({ status: 503, body: { error: "registry_unavailable" } });
      expect(down.body.message).toMatch(/not answering .*starts it again/);
      expect((await fetch(`${hub.url}/health/live`)).status).toBe(200);
      expect((await hub.waitForRegistry()).port).toBe(hub.registryPort);
    });

    it("comes back writable after a garbage collection a hub restart interrupted", async () => {
      // What an interrupted collection leaves: the registry stopped, and the task container with the same volume.
      await docker(["stop", hub.registryName]);
      const task = await docker([
        "create",
        "--name",
        `${hub.registryName}-gc`,
        "--label",
        `${TEST_LABEL}=${hub.selector}`,
        "--label",
        "mcp-hub.component=registry-gc",
        "-v",
        `${hub.registryName}:/var/lib/registry`,
        "--entrypoint",
        "sleep",
        "mcp-hub/registry-base:2",
        "600",
      ]);
      expect(task.code, task.stderr).toBe(0);
      await hub.restart();
      await hub.waitForRegistry();
      await putImage(base, "after/restart", "1", { layer: Buffer.from("writable") });
      expect((await docker(["ps", "-aq", "--filter", `name=^/${hub.registryName}-gc$`])).stdout.trim()).toBe(
        "",
      );
    });
  },
);

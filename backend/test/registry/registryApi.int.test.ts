import { createServer, type Server } from "node:net";
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { freePort } from "../support/ports.js";
import {
  pushImage,
  pushSampleImages,
  startRegistryHub,
  volumeKilobytes,
  type RegistryHub,
} from "../support/registryHub.js";

type Listing = {
  registry: { state: string; port: number; wantedPort: number };
  repositories: {
    name: string;
    tags: {
      tag: string;
      digest: string;
      size: number;
      created?: string;
      labels: Record<string, string>;
      usedBy: string[];
    }[];
  }[];
  error?: string;
};

/** Reads a server-sent event stream to its end: [event, data] in order. */
async function events(response: Response): Promise<[string, unknown][]> {
  const text = await response.text();
  return text
    .split("\n\n")
    .map((frame) => ({
      event: /^event: (.*)$/m.exec(frame)?.[1],
      data: /^data: (.*)$/m.exec(frame)?.[1],
    }))
    .filter((f) => f.event && f.data)
    .map((f) => [f.event!, JSON.parse(f.data!)]);
}

describe.skipIf(!inject("mcpHubTestDocker"))(
  "the local registry over REST, against the real registry",
  () => {
    let hub: RegistryHub;
    let kept: { digest: string };
    let doomed: { digest: string };

    beforeAll(async () => {
      hub = await startRegistryHub({ port: await freePort() });
      ({ kept, doomed } = await pushSampleImages(hub));
    });
    afterAll(async () => {
      await hub?.dispose();
    });

    it("lists what it holds on the port in use, with digest, size, created time and labels", async () => {
      // The hub read the registry while the pushes went on: their notifications bring the listing up to date.
      await vi.waitFor(async () =>
        expect(
          (await hub.api<Listing>("GET", "/registry")).body.repositories.flatMap((r) => r.tags),
        ).toHaveLength(3),
      );
      const { status, body } = await hub.api<Listing>("GET", "/registry");
      expect(status).toBe(200);
      expect(body.registry).toEqual({
        state: "running",
        port: hub.registryPort,
        wantedPort: hub.registryPort,
      });
      expect(body.repositories.map((r) => r.name)).toEqual(["mcp/doomed", "mcp/kept"]);
      const [tag] = body.repositories.find((r) => r.name === "mcp/kept")!.tags;
      expect(tag).toMatchObject({
        tag: "1.0",
        digest: kept.digest,
        labels: { "mcp.governance.level": "medium" },
      });
      expect(tag!.size).toBeGreaterThan(200_000);
      expect(Date.parse(tag!.created!)).toBeGreaterThan(Date.now() - 3_600_000);
      const detail = await hub.api<{ digest: string; sameDigest: string[] }>(
        "GET",
        "/registry/tag?repository=mcp/doomed&tag=2.0",
      );
      expect(detail.body).toMatchObject({ digest: doomed.digest, sameDigest: ["2.0", "stable"] });
      const settings = await hub.api<{ settings: { registry: { port: number } } }>("GET", "/settings");
      expect(settings.body.settings.registry.port).toBe(hub.registryPort);
    });

    it("answers a clear error for an unknown repository or tag, and a bad reference", async () => {
      const unknown = await hub.api<{ error: string; message: string }>(
        "GET",
        "/registry/tag?repository=mcp/nope&tag=1",
      );
      expect(unknown).toMatchObject({ status: 404, body: { error: "registry_not_found" } });
      const bad = await hub.api<{ message: string }>("GET", "/registry/tag?repository=Bad//Name&tag=1");
      expect(bad.status).toBe(400);
      expect(bad.body.message).toMatch(/^repository: /);
    });

    it("refuses to delete an image a running server uses, then deletes every tag of the digest, and GC frees the space", async () => {
      const image = `127.0.0.1:${hub.registryPort}/mcp/doomed:stable`;
      expect((await hub.api("POST", "/servers", { name: "doomed-user", kind: "image", image })).status).toBe(
        201,
      );
      const refused = await hub.api<{ error: string; message: string }>(
        "DELETE",
        "/registry/tag?repository=mcp/doomed&tag=2.0",
      );
      expect(refused).toMatchObject({ status: 409, body: { error: "image_in_use" } });
      expect(refused.body.message).toContain("doomed-user");
      expect((await hub.api("DELETE", "/servers/doomed-user")).status).toBe(204);

      const deleted = await hub.api("DELETE", "/registry/tag?repository=mcp/doomed&tag=2.0");
      expect(deleted).toMatchObject({
        status: 200,
        body: { digest: doomed.digest, tags: ["2.0", "stable"] },
      });
      const after = await hub.api<Listing>("GET", "/registry");
      expect(after.body.repositories.map((r) => r.name)).toEqual(["mcp/kept"]);

      const before = await volumeKilobytes(hub.registryName);
      const gc = await fetch(`${hub.url}/api/registry/gc`, {
        method: "POST",
        headers: { authorization: `Bearer ${hub.token}`, accept: "text/event-stream" },
      });
      expect(gc.headers.get("content-type")).toContain("text/event-stream");
      const stream = await events(gc);
      expect(stream.filter(([e]) => e === "step").map(([, d]) => (d as { step: string }).step)).toEqual([
        "stopping the registry",
        expect.stringContaining("collecting garbage"),
        "starting the registry",
      ]);
      const [last, result] = stream.at(-1)!;
      expect(last).toBe("result");
      expect((result as { freedBytes: number }).freedBytes).toBeGreaterThan(2_500_000);
      const measured = await volumeKilobytes(hub.registryName);
      expect(before - measured).toBeGreaterThan(2_500);
      // Writable again, and what was kept is intact.
      await hub.waitForRegistry();
      await pushImage(hub.registryPort, "mcp/after-gc", "1");
      const tags = await hub.api<{ tags: { digest: string }[] }>("GET", "/registry/tags?repository=mcp/kept");
      expect(tags.body.tags[0]!.digest).toBe(kept.digest);
    });

    it("keeps its images over a hub restart", async () => {
      await hub.restart();
      await hub.waitForRegistry();
      const { body } = await hub.api<Listing>("GET", "/registry");
      expect(body.repositories.map((r) => r.name)).toEqual(["mcp/after-gc", "mcp/kept"]);
    });

    it("moves to a new port from Settings with its images, and back to the default", async () => {
      const next = await freePort();
      const moved = await hub.api<{
        settings: { registryPort: number; registry: { state: string; port: number } };
      }>("PUT", "/settings", { registryPort: next });
      expect(moved.body.settings).toMatchObject({
        registryPort: next,
        registry: { state: "running", port: next },
      });
      const status = await hub.waitForRegistry();
      expect(status.port).toBe(next);
      const { body } = await hub.api<Listing>("GET", "/registry");
      expect(body.repositories.map((r) => r.name)).toContain("mcp/kept");
    });
  },
);

describe.skipIf(!inject("mcpHubTestDocker"))("a taken registry port", () => {
  let hub: RegistryHub;
  let squatter: Server;
  let taken: number;

  beforeAll(async () => {
    taken = await freePort();
    squatter = createServer().listen(taken, "127.0.0.1");
    await new Promise((resolve) => squatter.once("listening", resolve));
    hub = await startRegistryHub({ port: taken });
  });
  afterAll(async () => {
    squatter?.close();
    await hub?.dispose();
  });

  it("falls back to the next free port, says so, and shows the port in use", async () => {
    const status = await hub.waitForRegistry();
    expect(status.wantedPort).toBe(taken);
    expect(status.port).toBeGreaterThan(taken);
    expect(await hub.logs()).toContain(`port ${taken} is taken; the local registry uses ${status.port}`);
    const { body } = await hub.api<{ registry: { port: number } }>("GET", "/status");
    expect(body.registry.port).toBe(status.port);
    const cli = await hub.cli(["status"]);
    expect(cli.stdout.trimEnd().split("\n").at(-1)).toBe(
      `registry running at 127.0.0.1:${status.port} (port ${taken} is taken)`,
    );
  });
});

import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, inject, it } from "vitest";
import { PackagingFailed } from "../../src/packaging/index.js";
import { docker, TEST_IMAGES } from "../support/images.js";
import { usePackagingKit } from "./packagingKit.js";

const imageId = async (ref: string) =>
  (await docker(["image", "inspect", "--format", "{{.Id}}", ref])).stdout.trim();

describe.skipIf(!inject("mcpHubTestDocker"))("packaging image entries (docker run -i …)", () => {
  const kit = usePackagingKit();
  const name = `fixture-${randomBytes(3).toString("hex")}`;
  const entry = () => kit.planned({ name, kind: "image", source: TEST_IMAGES.fixture, version: "dev" });

  it("retags the entry's image into the local registry and pushes it; again, it is already there", async () => {
    const first = await kit.packager.build(entry(), {
      onLog: () => undefined,
      signal: AbortSignal.timeout(60_000),
    });
    expect(first).toEqual({ image: entry().image, reused: false });
    expect(await imageId(first.image)).toBe(await imageId(TEST_IMAGES.fixture));
    expect(await kit.registryTags(`mcp/${name}`)).toEqual(["dev"]);
    const again = await kit.packager.build(entry(), {
      onLog: () => undefined,
      signal: AbortSignal.timeout(60_000),
    });
    expect(again.reused).toBe(true);
  });

  it("shakes hands with the server, its secrets in its environment", async () => {
    const server = { ...entry(), secretEnv: { FIXTURE_EXTRA_TOOLS: "FIXTURE__EXTRA" } };
    const { tools } = await kit.packager.handshake(server, {
      secrets: { FIXTURE__EXTRA: "2" },
      signal: AbortSignal.timeout(60_000),
      timeoutMs: 30_000,
    });
    expect(tools).toEqual(expect.arrayContaining(["echo", "add", "bulk_0", "bulk_1"]));
    expect(tools).not.toContain("bulk_2");
  });

  it("binds the server's mounts: a path that is not there fails the handshake with the engine's reason", async () => {
    const gone = join(await mkdtemp(join(tmpdir(), "mcp-hub-mount-")), "gone");
    await rm(join(gone, ".."), { recursive: true });
    const server = { ...entry(), mounts: [{ source: gone, target: "/data", writable: false }] };
    const error = await kit.packager
      .handshake(server, { secrets: {}, signal: AbortSignal.timeout(60_000), timeoutMs: 30_000 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PackagingFailed);
    expect((error as Error).message).toMatch(/bind source path does not exist/);
  });

  it("rolls back: the tag leaves the registry and the engine, the entry's own image stays", async () => {
    await kit.packager.removeImage(entry());
    expect(await kit.registryTags(`mcp/${name}`)).toEqual([]);
    expect((await docker(["image", "inspect", entry().image])).code).not.toBe(0);
    expect(await imageId(TEST_IMAGES.fixture)).toMatch(/^sha256:/);
  });

  it("says so when the entry's image is neither here nor pullable", async () => {
    const missing = kit.planned({
      name: "nowhere",
      kind: "image",
      source: "mcp-hub-test/nowhere:1",
      version: "1",
    });
    await expect(
      kit.packager.build(missing, { onLog: () => undefined, signal: AbortSignal.timeout(60_000) }),
    ).rejects.toThrow(
      /^build of nowhere failed: mcp-hub-test\/nowhere:1 is not on this engine and cannot be pulled/,
    );
  });
});

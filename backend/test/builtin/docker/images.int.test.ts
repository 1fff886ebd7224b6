import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningHub } from "../../../src/hubProcess.js";
import { dockerAvailable, labelArgs, publishedPort } from "../../support/docker.js";
import { BASE_IMAGE, docker } from "../../support/images.js";
import { pollUntil } from "../../support/poll.js";
import { failed, hubTarget, ok, startTestHub, stdioTarget, uniqueName, type ToolTarget } from "./targets.js";

/** The local registry image scripts/base-images.sh builds (what registry:2 is without a registry to pull it from). */
const REGISTRY_BASE = "mcp-hub/registry-base:2";

/** Each image tool against the real engine (and a local registry for push and pull), through /mcp and over stdio. */
describe.skipIf(!dockerAvailable())("docker tools: images", () => {
  let hub: RunningHub;
  let registry = "";
  const images: string[] = [];
  beforeAll(async () => {
    hub = await startTestHub();
    const name = uniqueName("registry");
    const run = await docker([
      "run",
      "-d",
      "--name",
      name,
      ...labelArgs(),
      "-p",
      "127.0.0.1::5000",
      REGISTRY_BASE,
    ]);
    expect(run.code, run.stderr).toBe(0);
    registry = `127.0.0.1:${await publishedPort(name, 5000)}`;
    const up = () =>
      fetch(`http://${registry}/v2/`).then(
        (r) => r.ok,
        () => false,
      );
    expect(await pollUntil(up, { timeoutMs: 20_000, intervalMs: 100 })).toBe(true);
  });
  afterAll(async () => {
    await hub?.close();
    // Images are not labelled by the run: remove the ones these tests made.
    if (images.length) await docker(["image", "rm", "-f", ...images]);
  });

  describe.each([
    ["hub /mcp", () => hubTarget(hub, "dock")],
    ["stdio", () => stdioTarget()],
  ] as const)("%s", (label, open) => {
    let tools: ToolTarget;
    const tag = `mcphub-test/${label === "stdio" ? "stdio" : "hub"}-${Date.now().toString(36)}:1`;
    beforeAll(async () => {
      tools = await open();
      images.push(tag, `${tag}-again`, `${registry}/${tag}`);
    });
    afterAll(async () => {
      await tools?.close();
    });

    it("build_image builds from an inline Dockerfile and files, with progress; a failing step fails with its message", async () => {
      const progress: string[] = [];
      const built = ok<{ name: string; id: string; log: string }>(
        await tools.call(
          "build_image",
          {
            name: tag,
            dockerfile: `FROM ${BASE_IMAGE}\nARG GREETING=hi\nCOPY app/ /app/\nRUN echo "$GREETING" > /app/greeting\nCMD ["cat", "/app/hello.txt"]\n`,
            files: [{ path: "app/hello.txt", content: "hello\n" }],
            build_args: { GREETING: "bonjour" },
          },
          { onprogress: (p) => void progress.push(p.message ?? "") },
        ),
      );
      expect(built.id).toMatch(/^sha256:/);
      expect(built.log).toMatch(/Step 4\/\d+ : RUN echo/);
      expect(progress.some((m) => m.includes(`build ${tag}`))).toBe(true);
      failed(
        await tools.call("build_image", {
          name: `${tag}-broken`,
          dockerfile: `FROM ${BASE_IMAGE}\nRUN echo nope && exit 3\n`,
        }),
        /returned a non-zero code: 3/,
      );
    });

    it("list_images and inspect_image show it with the hub's labels; a missing image fails with a hint", async () => {
      const { images: listed } = ok<{ images: { tags: string[]; createdByHub?: boolean }[] }>(
        await tools.call("list_images", { reference: tag }),
      );
      expect(listed).toEqual([expect.objectContaining({ tags: [tag], createdByHub: true })]);
      const { image } = ok<{ image: { Config: { Labels: Record<string, string> } } }>(
        await tools.call("inspect_image", { name: tag }),
      );
      expect(image.Config.Labels["mcp-hub.docker.tool"]).toBe("build_image");
      failed(
        await tools.call("inspect_image", { name: "mcphub-test/absent:1" }),
        /No such image[\s\S]*Hint: check the image name/,
      );
      failed(await tools.call("list_images", { dangling: "maybe" }), /dangling|boolean/i);
    });

    it("tag_image names it again; tagging a missing image fails", async () => {
      ok(await tools.call("tag_image", { name: tag, target: `${registry}/${tag}` }));
      ok(await tools.call("tag_image", { name: tag, target: `${tag}-again` }));
      failed(
        await tools.call("tag_image", { name: "mcphub-test/absent:1", target: "x/y:1" }),
        /No such image/,
      );
    });

    it("push_image pushes to a registry with progress; a registry that is not there fails", async () => {
      const pushed = ok<{ name: string; digest?: string }>(
        await tools.call("push_image", { name: `${registry}/${tag}` }),
      );
      expect(pushed.digest).toMatch(/^sha256:/);
      await docker(["tag", tag, `127.0.0.1:9/${tag}`]);
      images.push(`127.0.0.1:9/${tag}`);
      failed(await tools.call("push_image", { name: `127.0.0.1:9/${tag}` }), /connection refused|dial tcp/i);
    });

    it("remove_image removes a tag once confirmed; a missing image fails", async () => {
      const removed = ok<{ untagged: string[] }>(
        await tools.call("remove_image", { name: `${registry}/${tag}`, confirm: true }),
      );
      expect(removed.untagged).toContain(`${registry}/${tag}`);
      failed(
        await tools.call("remove_image", { name: "mcphub-test/absent:1", confirm: true }),
        /No such image/,
      );
    });

    it("pull_image pulls it back from the registry; a tag the registry lacks fails", async () => {
      const pulled = ok<{ name: string; id: string }>(
        await tools.call("pull_image", { name: `${registry}/${tag}` }),
      );
      expect(pulled.name).toBe(`${registry}/${tag}`);
      failed(
        await tools.call("pull_image", { name: `${registry}/mcphub-test/absent:9` }),
        /manifest unknown|not found/i,
      );
    });

    it("prune_images removes dangling images built through the hub once confirmed, and refuses unconfirmed", async () => {
      // Building the same tag again leaves the first image dangling, still labelled as built through the hub.
      const first = ok<{ id: string }>(
        await tools.call("build_image", {
          name: `${tag}-again`,
          dockerfile: `FROM ${BASE_IMAGE}\nLABEL n=1\n`,
        }),
      );
      ok(
        await tools.call("build_image", {
          name: `${tag}-again`,
          dockerfile: `FROM ${BASE_IMAGE}\nLABEL n=2\n`,
        }),
      );
      failed(await tools.call("prune_images", { created_by_hub: true }), /needs confirmation/);
      expect((await docker(["image", "inspect", first.id])).code).toBe(0);
      const pruned = ok<{ deleted: string[] }>(
        await tools.call("prune_images", { created_by_hub: true, confirm: true }),
      );
      expect(pruned.deleted).toContain(first.id);
      expect((await docker(["image", "inspect", first.id])).code).not.toBe(0);
    });
  });
});

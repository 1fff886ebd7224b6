import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import tar from "tar-stream";
import { afterAll, beforeAll, expect, it } from "vitest";
import { labelArgs, publishedPort } from "../../support/docker.js";
import { BASE_IMAGE, docker } from "../../support/images.js";
import { pollUntil } from "../../support/poll.js";
import { describeTargets, failed, ok, uniqueName } from "./targets.js";

/** The local registry image scripts/base-images.sh builds (what registry:2 is without a registry to pull it from). */
const REGISTRY_BASE = "mcp-hub/registry-base:2";

/** Images not labelled by the run: what these tests made, removed at the end. */
const images: string[] = [];
afterAll(async () => {
  if (images.length) await docker(["image", "rm", "-f", ...images]);
});

/** Each image tool against the real engine (and a local registry for push and pull), through /mcp and over stdio. */
describeTargets("docker tools: images", (tools, label) => {
  let registry = "";
  const tag = `mcphub-test/${label === "stdio" ? "stdio" : "hub"}-${Date.now().toString(36)}:1`;
  beforeAll(async () => {
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
    images.push(tag, `${tag}-again`, `${registry}/${tag}`);
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

  it("build_image builds from a tar archive at a URL; a URL that answers 404 fails", async () => {
    const pack = tar.pack();
    pack.entry({ name: "Dockerfile" }, `FROM ${BASE_IMAGE}\nCOPY hello.txt /hello.txt\n`);
    pack.entry({ name: "hello.txt" }, "from a tar\n");
    pack.finalize();
    const chunks: Buffer[] = [];
    for await (const chunk of pack as AsyncIterable<Buffer>) chunks.push(chunk);
    const archive = Buffer.concat(chunks);
    // The engine fetches the context itself, from the host's loopback.
    const server = createServer((req, res) =>
      req.url === "/context.tar" ? res.end(archive) : res.writeHead(404).end("no such file"),
    );
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      ok(await tools.call("build_image", { name: `${tag}-tar`, context_url: `${url}/context.tar` }));
      images.push(`${tag}-tar`);
      expect((await docker(["run", "--rm", `${tag}-tar`, "cat", "/hello.txt"])).stdout).toBe("from a tar\n");
      failed(
        await tools.call("build_image", { name: `${tag}-none`, context_url: `${url}/missing.tar` }),
        /404|status/i,
      );
    } finally {
      server.close();
    }
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
    failed(await tools.call("tag_image", { name: "mcphub-test/absent:1", target: "x/y:1" }), /No such image/);
  });

  it("push_image pushes to a registry with progress; an image that is not here fails", async () => {
    const progress: string[] = [];
    const pushed = ok<{ name: string; digest?: string }>(
      await tools.call(
        "push_image",
        { name: `${registry}/${tag}` },
        { onprogress: (p) => void progress.push(p.message ?? "") },
      ),
    );
    expect(pushed.digest).toMatch(/^sha256:/);
    expect(progress.some((m) => m.startsWith(`push ${registry}/${tag}: `))).toBe(true);
    failed(
      await tools.call("push_image", { name: `${registry}/mcphub-test/absent:1` }),
      /does not exist locally/,
    );
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

  it("pull_image pulls it back from the registry with progress; a tag the registry lacks fails", async () => {
    const progress: string[] = [];
    const pulled = ok<{ name: string; id: string }>(
      await tools.call(
        "pull_image",
        { name: `${registry}/${tag}` },
        { onprogress: (p) => void progress.push(p.message ?? "") },
      ),
    );
    expect(pulled.name).toBe(`${registry}/${tag}`);
    expect(progress.some((m) => m.startsWith(`pull ${registry}/${tag}: `))).toBe(true);
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

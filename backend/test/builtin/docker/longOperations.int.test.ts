import { expect, it, onTestFinished, vi } from "vitest";
import { BASE_IMAGE, docker } from "../../support/images.js";
import { describeTargets, ok, uniqueName } from "./targets.js";

/** Builds whose RUN step is still going: dockerd runs them in containers whose command shows the step. */
const buildsRunning = async (marker: string) =>
  (await docker(["ps", "--no-trunc", "--format", "{{.Command}}"])).stdout
    .split("\n")
    .filter((c) => c.includes(marker)).length;

/** Progress, cancellation and the size cap, through /mcp and over stdio. */
describeTargets("docker tools: long operations", (tools, label) => {
  it("a build sends progress while it runs and stops when the caller cancels it", async () => {
    const seconds = label === "stdio" ? 47 : 43; // a step no other build runs
    const marker = `sleep ${seconds}`;
    const tag = `mcphub-test/cancelled-${Date.now().toString(36)}:1`;
    const controller = new AbortController();
    const progress: string[] = [];
    const call = tools.call(
      "build_image",
      { name: tag, dockerfile: `FROM ${BASE_IMAGE}\nRUN echo start && ${marker}\n`, no_cache: true },
      {
        signal: controller.signal,
        onprogress: (p) => {
          progress.push(p.message ?? "");
          if (p.message?.includes(marker)) controller.abort("enough");
        },
        resetTimeoutOnProgress: true,
      },
    );
    await expect(call).rejects.toThrow();
    expect(progress.some((m) => m.includes(`build ${tag}`))).toBe(true);
    // The engine stops the build once the module drops its stream: the step's container goes, no image comes.
    await vi.waitFor(async () => expect(await buildsRunning(marker)).toBe(0), {
      timeout: 20_000,
      interval: 250,
    });
    expect((await docker(["image", "inspect", tag])).code).not.toBe(0);
  });

  it("cuts a long answer to about 50,000 characters and says what was cut", async () => {
    const name = uniqueName("chatty");
    onTestFinished(async () => {
      await docker(["rm", "-f", name]);
    });
    ok(
      await tools.call("run_container", {
        image: BASE_IMAGE,
        name,
        command: "seq 1 40000; exec sleep 600",
      }),
    );
    await vi.waitFor(
      async () => expect((await docker(["logs", "--tail", "1", name])).stdout.trim()).toBe("40000"),
      { timeout: 15_000 },
    );
    const full = ok<{ stdout: string; truncated?: unknown }>(
      await tools.call("container_logs", { name, tail: 100 }),
    );
    expect(full.truncated).toBeUndefined();
    // 5000 lines with their timestamps are about 185,000 characters.
    const big = await tools.call("container_logs", { name, tail: 5000, timestamps: true });
    const bigData = ok<{ stdout: string; truncated?: { note: string; narrow: string } }>(big);
    expect(big.content.map((c) => c.text ?? "").join("").length).toBeLessThanOrEqual(50_000);
    expect(bigData.truncated?.note).toMatch(/stdout: kept the last \d+ of \d+ characters/);
    expect(bigData.truncated?.narrow).toMatch(/tail/);
    expect(bigData.stdout.trim().endsWith("40000")).toBe(true);
  });
});

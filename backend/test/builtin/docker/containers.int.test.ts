import { expect, it } from "vitest";
import { BASE_IMAGE } from "../../support/images.js";
import { describeTargets, failed, ok, uniqueName } from "./targets.js";

/** Each container tool against the real engine, happy path and one failure, through /mcp and over stdio. */
describeTargets("docker tools: containers", (tools, _label) => {
  const name = uniqueName("c");

  it("run_container starts a labelled container, and refuses an image that is not here when told not to pull", async () => {
    const run = ok<{ name: string; state: string; ports: string[] }>(
      await tools.call("run_container", {
        image: BASE_IMAGE,
        name,
        command: "echo started; echo oops >&2; exec sleep 600",
        env: { GREETING: "hello", API_TOKEN: "s3cr3t-value" },
        ports: [{ container_port: 8080 }],
        labels: { "app.role": "test" },
        limits: { memory: "64m", cpus: 0.5 },
        restart_policy: "no",
        healthcheck: { test: "true", interval: "1s" },
      }),
    );
    expect(run).toMatchObject({ name, state: "running" });
    expect(run.ports[0]).toMatch(/^127\.0\.0\.1:\d+->8080\/tcp$/);
    failed(
      await tools.call("run_container", { image: "mcp-hub-test/absent:1", pull: "never" }),
      /not on this engine/,
    );
  });

  it("list_containers finds it by label, created through the hub; a wrong argument type fails", async () => {
    const { containers } = ok<{ containers: { name: string; createdByHub?: boolean; state: string }[] }>(
      await tools.call("list_containers", { label: ["app.role=test"], name }),
    );
    expect(containers).toEqual([expect.objectContaining({ name, createdByHub: true, state: "running" })]);
    failed(await tools.call("list_containers", { running_only: "yes" }), /running_only|boolean/i);
  });

  it("inspect_container redacts secret-looking environment values; a missing container fails with a hint", async () => {
    const { container } = ok<{ container: { Config: { Env: string[]; Labels: Record<string, string> } } }>(
      await tools.call("inspect_container", { name }),
    );
    expect(container.Config.Env).toContain("GREETING=hello");
    expect(container.Config.Env).toContain("API_TOKEN=[redacted]");
    expect(container.Config.Labels["mcp-hub.docker.tool"]).toBe("run_container");
    failed(
      await tools.call("inspect_container", { name: "mcphub-no-such-container" }),
      /No such container[\s\S]*Hint:/,
    );
  });

  it("container_logs returns stdout and stderr, bounded; a missing container fails", async () => {
    const logs = ok<{ stdout: string; stderr: string }>(
      await tools.call("container_logs", { name, tail: 10 }),
    );
    expect(logs.stdout).toContain("started");
    expect(logs.stderr).toContain("oops");
    failed(await tools.call("container_logs", { name: "mcphub-no-such-container" }), /No such container/);
  });

  it("container_top lists its processes, container_stats measures it; both fail on a stopped container", async () => {
    const top = ok<{ processes: Record<string, string>[] }>(await tools.call("container_top", { name }));
    expect(top.processes.some((p) => Object.values(p).some((v) => v.includes("sleep")))).toBe(true);
    const { stats } = ok<{ stats: { memoryBytes: number; memoryLimitBytes: number; pids: number } }>(
      await tools.call("container_stats", { name }),
    );
    expect(stats.memoryLimitBytes).toBe(64 * 1024 * 1024);
    expect(stats.pids).toBeGreaterThan(0);
    const stopped = uniqueName("stopped");
    ok(await tools.call("run_container", { image: BASE_IMAGE, name: stopped, command: "true" }));
    await expect
      .poll(async () => (await tools.call("inspect_container", { name: stopped })).structuredContent)
      .toMatchObject({
        container: { State: { Status: "exited" } },
      });
    failed(await tools.call("container_stats", { name: stopped }), /not running/);
    failed(await tools.call("container_top", { name: stopped }), /not running/);
  });

  it("exec_in_container runs a command and reports its exit code; a missing container fails", async () => {
    const done = ok<{ exitCode: number; stdout: string; stderr: string }>(
      await tools.call("exec_in_container", {
        name,
        command: "echo out; echo err >&2; exit 3",
        confirm: true,
      }),
    );
    expect(done).toMatchObject({ exitCode: 3, stdout: "out\n", stderr: "err\n" });
    const slow = ok<{ exitCode: null; timedOut: boolean }>(
      await tools.call("exec_in_container", {
        name,
        command: ["sleep", "30"],
        timeout_seconds: 1,
        confirm: true,
      }),
    );
    expect(slow).toMatchObject({ exitCode: null, timedOut: true });
    failed(
      await tools.call("exec_in_container", {
        name: "mcphub-no-such-container",
        command: "true",
        confirm: true,
      }),
      /No such container/,
    );
  });

  it("copy_to_container writes files that copy_from_container reads back; a missing folder fails", async () => {
    ok(
      await tools.call("copy_to_container", {
        name,
        path: "/tmp",
        files: [
          { path: "notes/hello.txt", content: "hello from the hub\n" },
          { path: "bin.dat", content: Buffer.from([0, 1, 2, 255]).toString("base64"), encoding: "base64" },
        ],
        confirm: true,
      }),
    );
    const { files } = ok<{ files: { path: string; content?: string; encoding?: string }[] }>(
      await tools.call("copy_from_container", { name, path: "/tmp/notes" }),
    );
    expect(files).toContainEqual(
      expect.objectContaining({
        path: "notes/hello.txt",
        content: "hello from the hub\n",
        encoding: "utf8",
      }),
    );
    const binary = ok<{ files: { content?: string; encoding?: string }[] }>(
      await tools.call("copy_from_container", { name, path: "/tmp/bin.dat" }),
    );
    expect(binary.files[0]).toMatchObject({
      encoding: "base64",
      content: Buffer.from([0, 1, 2, 255]).toString("base64"),
    });
    failed(await tools.call("copy_from_container", { name, path: "/no/such/folder" }), /Docker:/);
    failed(
      await tools.call("copy_to_container", {
        name,
        path: "/no/such/folder",
        files: [{ path: "x", content: "x" }],
        confirm: true,
      }),
      /Docker:/,
    );
  });

  it("stop, start, restart, pause and unpause change its state; pausing a stopped container and each on a missing one fails", async () => {
    const state = async (tool: string, extra = {}) =>
      ok<{ state: string }>(await tools.call(tool, { name, ...extra })).state;
    expect(await state("pause_container")).toBe("paused");
    expect(await state("unpause_container")).toBe("running");
    expect(await state("stop_container", { timeout_seconds: 1 })).toBe("exited");
    expect(await state("stop_container", { timeout_seconds: 1 })).toBe("exited"); // already stopped: no error
    failed(await tools.call("pause_container", { name }), /is not running|Hint/);
    expect(await state("start_container")).toBe("running");
    expect(await state("restart_container", { timeout_seconds: 1 })).toBe("running");
    for (const tool of ["start_container", "stop_container", "restart_container", "unpause_container"])
      failed(
        await tools.call(tool, { name: "mcphub-no-such-container" }),
        /No such container[\s\S]*Hint: list_containers/,
      );
  });

  it("remove_container needs force for a running container, then removes it", async () => {
    failed(await tools.call("remove_container", { name, confirm: true }), /running|stop/i);
    expect(
      ok<{ removed: string }>(await tools.call("remove_container", { name, force: true, confirm: true }))
        .removed,
    ).toBe(name);
    failed(await tools.call("inspect_container", { name }), /No such container/);
  });
});

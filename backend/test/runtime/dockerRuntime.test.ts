import { pino } from "pino";
import { beforeEach, describe, expect, it } from "vitest";
import {
  configHash,
  createDockerRuntime,
  LABELS,
  profileFor,
  type WorkloadSpec,
} from "../../src/runtime/index.js";
import { FakeDockerApi } from "./fakeDockerApi.js";

const log = pino({ level: "silent" });
const spec = (over: Partial<WorkloadSpec> = {}): WorkloadSpec => ({
  server: "rt-unit",
  image: "img:1",
  command: ["--serve"],
  env: { PLAIN: "1" },
  secretEnv: { API_TOKEN: "tok-123" },
  transport: "stdio",
  risk: "medium",
  audit: true,
  profile: profileFor({ risk: "medium" }),
  labels: { [LABELS.test]: "unit" },
  ...over,
});

describe("createDockerRuntime (fake engine)", () => {
  let api: FakeDockerApi;
  beforeEach(() => {
    api = new FakeDockerApi();
  });
  const runtime = (selector?: Record<string, string>) =>
    createDockerRuntime({ api, log, containerPrefix: "mcp-rt-test-", selector });

  it("creates a hardened, labelled stdio container with secrets only in Env", async () => {
    const result = await runtime().deploy(spec());
    expect(result.status).toBe("created");
    const created = [...api.containers.values()][0]!.create!;
    expect(created).toMatchObject({
      name: "mcp-rt-test-rt-unit",
      Image: "img:1",
      Cmd: ["--serve"],
      User: "1000:1000",
      OpenStdin: true,
      AttachStdin: true,
      StdinOnce: false,
      Tty: false,
      HostConfig: { CapDrop: ["ALL"], ReadonlyRootfs: true, Init: true, NetworkMode: "mcp-hub-internal" },
    });
    expect(created.Env).toEqual(["PLAIN=1", "API_TOKEN=tok-123"]);
    expect(created.Entrypoint).toBeUndefined();
    const labels = created.Labels!;
    expect(labels[LABELS.configHash]).toBe(configHash(spec()));
    expect(JSON.stringify({ ...created, Env: [] })).not.toContain("tok-123");
    expect(api.calls).toContain("network mcp-hub-internal internal=true");
    expect(api.calls).toContain("network mcp-hub internal=false");
  });

  it("http containers get no stdin", async () => {
    await runtime().deploy(spec({ transport: "http" }));
    expect([...api.containers.values()][0]!.create).toMatchObject({ OpenStdin: false, AttachStdin: false });
  });

  it("adopts a running container with the same config hash, without touching it", async () => {
    const first = await runtime().deploy(spec());
    api.calls = [];
    const second = await runtime().deploy(spec());
    expect(second).toMatchObject({ status: "adopted", workload: { id: first.workload.id, managed: true } });
    expect(api.calls).toEqual([]);
  });

  it("replaces the container when the config changes (a secret value too) or it is not running", async () => {
    const first = await runtime().deploy(spec());
    const changed = await runtime().deploy(spec({ secretEnv: { API_TOKEN: "rotated" } }));
    expect(changed.status).toBe("created");
    expect(api.containers.has(first.workload.id)).toBe(false);
    api.containers.get(changed.workload.id)!.state = "exited";
    const again = await runtime().deploy(spec({ secretEnv: { API_TOKEN: "rotated" } }));
    expect(again.status).toBe("created");
    expect(again.workload.id).not.toBe(changed.workload.id);
    expect(api.containers.size).toBe(1);
  });

  it("refuses to replace a same-named container the hub did not create", async () => {
    api.add({ name: "mcp-rt-test-rt-unit", image: "x", labels: {}, state: "running" });
    await expect(runtime().deploy(spec())).rejects.toThrow(/not created by the hub/);
  });

  it("lists managed and discovered containers and maps their state and address", async () => {
    await runtime().deploy(spec());
    api.add({
      name: "theirs",
      image: "y",
      labels: { [LABELS.server]: "rt-disc", "mcp.port": "80" },
      state: "paused",
      address: "10.0.0.9",
    });
    api.add({ name: "unrelated", image: "z", labels: {}, state: "running" });
    const list = await runtime().list();
    expect(list.map((w) => [w.server, w.managed, w.state])).toEqual([
      ["rt-unit", true, "running"],
      ["rt-disc", false, "exited"],
    ]);
    expect(list[1]!.address).toBe("10.0.0.9");
  });

  it("removes only managed orphans, never discovered containers, and honours the selector", async () => {
    await runtime().deploy(spec({ server: "rt-keep" }));
    await runtime().deploy(spec({ server: "rt-gone" }));
    api.add({ name: "theirs", image: "y", labels: { [LABELS.server]: "rt-disc" }, state: "running" });
    api.add({
      name: "mcp-other",
      image: "y",
      labels: { [LABELS.server]: "rt-neighbour", [LABELS.managed]: "true" },
      state: "running",
    });
    const removed = await runtime({ [LABELS.test]: "unit" }).removeOrphans(["rt-keep"]);
    expect(removed).toEqual(["mcp-rt-test-rt-gone"]);
    expect([...api.containers.values()].map((c) => c.name).sort()).toEqual([
      "mcp-other",
      "mcp-rt-test-rt-keep",
      "theirs",
    ]);
  });

  it("reports the process argv and demuxes logs", async () => {
    const { workload } = await runtime().deploy(
      spec({ entrypoint: ["node", "/app/s.mjs"], command: ["--x"] }),
    );
    await expect(runtime().processArgv(workload.id)).resolves.toEqual(["node", "/app/s.mjs", "--x"]);
    await expect(runtime().logs(workload.id, 10)).resolves.toBe("out line\nerr line\n");
  });

  it("does not create networks for a server without network", async () => {
    await runtime().deploy(spec({ profile: profileFor({ risk: "high" }) }));
    expect(api.calls.some((c) => c.startsWith("network"))).toBe(false);
  });
});

import { randomUUID } from "node:crypto";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import Dockerode from "dockerode";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ContainerStdioTransport } from "../../src/downstream/index.js";
import {
  createDockerRuntime,
  LABELS,
  profileFor,
  type ContainerRuntime,
  type WorkloadSpec,
} from "../../src/runtime/index.js";
import { buildEchoImage, dockerAvailable, removeTestContainers } from "./fixtures/image.js";

const runId = `rt-${randomUUID().slice(0, 8)}`;
const log = pino({ level: process.env.RT_LOG ?? "silent" });
const available = await dockerAvailable();
const docker = new Dockerode();

describe.skipIf(!available && process.env.CI !== "true")("docker runtime (real engine)", () => {
  let image: string;
  const runtime = (): ContainerRuntime =>
    createDockerRuntime({ docker, log, containerPrefix: "mcp-rt-test-", selector: { [LABELS.test]: runId } });
  const spec = (server: string, over: Partial<WorkloadSpec> = {}): WorkloadSpec => ({
    server,
    image,
    env: { GREETING: "hello" },
    secretEnv: { RT_SECRET: "very-secret-value" },
    transport: "stdio",
    risk: "medium",
    audit: true,
    profile: profileFor({ risk: "medium" }),
    labels: { [LABELS.test]: runId },
    ...over,
  });
  const connect = async (rt: ContainerRuntime, id: string, attach = true) => {
    const streams = attach ? await rt.attach(id) : await rt.exec(id, await rt.processArgv(id));
    const client = new Client({ name: "rt-test", version: "1" });
    await client.connect(new ContainerStdioTransport(streams));
    return client;
  };
  const text = (result: unknown) => (result as { content: { text: string }[] }).content[0]!.text;

  beforeAll(async () => {
    image = await buildEchoImage(runId);
  });
  afterAll(async () => {
    await removeTestContainers(runId);
  });

  it("deploys a hardened stdio container with secrets only in its environment", async () => {
    const { status, workload } = await runtime().deploy(spec("rt-harden"));
    expect(status).toBe("created");
    expect(workload).toMatchObject({
      name: "mcp-rt-test-rt-harden",
      server: "rt-harden",
      managed: true,
      state: "running",
    });
    const info = await docker.getContainer(workload.id).inspect();
    expect(info.HostConfig).toMatchObject({
      CapDrop: ["ALL"],
      ReadonlyRootfs: true,
      SecurityOpt: ["no-new-privileges:true"],
      Tmpfs: { "/tmp": "rw,nosuid,nodev,size=64m" },
      NanoCpus: 1e9,
      Memory: 512 * 1024 * 1024,
      PidsLimit: 256,
      Init: true,
      NetworkMode: "mcp-hub-internal",
    });
    expect(info.Config).toMatchObject({ User: "1000:1000", OpenStdin: true, StdinOnce: false, Tty: false });
    expect(info.Config.Env).toContain("RT_SECRET=very-secret-value");
    expect(
      JSON.stringify([info.Config.Cmd, info.Config.Entrypoint, info.Args, info.Config.Labels]),
    ).not.toContain("very-secret");
    expect(workload.address).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
  });

  it("attaches: initialize, tools/list and a call through the container's stdio, as a non-root user", async () => {
    const rt = runtime();
    const { workload } = await rt.deploy(spec("rt-attach"));
    const client = await connect(rt, workload.id);
    expect((await client.listTools()).tools.map((t) => t.name)).toContain("echo");
    expect(text(await client.callTool({ name: "echo", arguments: { text: "hi there" } }))).toBe("hi there");
    expect(text(await client.callTool({ name: "env", arguments: { name: "RT_SECRET" } }))).toBe(
      "very-secret-value",
    );
    expect(text(await client.callTool({ name: "whoami", arguments: {} })).split(":")[2]).toBe("1000");
    await client.close();
    // Closing our attach connection must not stop the container (StdinOnce false).
    expect((await rt.inspect(workload.id))?.state).toBe("running");
  });

  it("re-adopts: a second runtime deploys the same spec, gets the same container and initializes anew", async () => {
    const first = await runtime().deploy(spec("rt-adopt"));
    const firstClient = await connect(runtime(), first.workload.id);
    await firstClient.close();
    const second = await runtime().deploy(spec("rt-adopt"));
    expect(second.status).toBe("adopted");
    expect(second.workload.id).toBe(first.workload.id);
    const client = await connect(runtime(), second.workload.id);
    expect(text(await client.callTool({ name: "echo", arguments: { text: "again" } }))).toBe("again");
    await client.close();
    const changed = await runtime().deploy(spec("rt-adopt", { env: { GREETING: "changed" } }));
    expect(changed.status).toBe("created");
    expect(await runtime().inspect(first.workload.id)).toBeUndefined();
  });

  it("execs a second server process in the same container", async () => {
    const rt = runtime();
    const { workload } = await rt.deploy(spec("rt-exec"));
    expect(await rt.processArgv(workload.id)).toEqual(["node", "/app/server.mjs"]);
    const main = await connect(rt, workload.id);
    const extra = await connect(rt, workload.id, false);
    const [host1, pid1] = text(await main.callTool({ name: "whoami", arguments: {} })).split(":");
    const [host2, pid2] = text(await extra.callTool({ name: "whoami", arguments: {} })).split(":");
    expect(host2).toBe(host1);
    expect(pid2).not.toBe(pid1);
    await extra.close();
    await main.close();
  });

  it("reports exit, keeps logs, lists discovered containers and removes only managed orphans", async () => {
    const rt = runtime();
    const keep = await rt.deploy(spec("rt-keep"));
    const orphan = await rt.deploy(spec("rt-orphan"));
    const discovered = await docker.createContainer({
      name: `mcp-rt-test-disc-${runId}`,
      Image: image,
      OpenStdin: true,
      Labels: { [LABELS.server]: "rt-disc", [LABELS.test]: runId },
    });
    await discovered.start();
    const list = await rt.list();
    expect(list.find((w) => w.server === "rt-disc")).toMatchObject({ managed: false, state: "running" });
    expect(list.find((w) => w.server === "rt-keep")).toMatchObject({ managed: true, transport: "stdio" });

    const exited = rt.waitExit(keep.workload.id);
    const client = await connect(rt, keep.workload.id);
    await client.callTool({ name: "crash", arguments: {} }).catch(() => undefined);
    expect(await exited).toBe(7);
    expect(await rt.logs(keep.workload.id, 20)).toContain("crashing on request");

    const orphanVolumes = (await docker.getContainer(orphan.workload.id).inspect()).Mounts.filter(
      (m) => m.Type === "volume",
    ).map((m) => m.Name!);
    expect(orphanVolumes).toHaveLength(1); // the image's VOLUME /state
    const keepServers = list.map((w) => w.server).filter((s) => s !== "rt-orphan");
    expect(await rt.removeOrphans(keepServers)).toEqual(["mcp-rt-test-rt-orphan"]);
    expect(await rt.inspect(orphan.workload.id)).toBeUndefined();
    // Its anonymous volume went with it: no new container would ever see it again.
    await expect(docker.getVolume(orphanVolumes[0]!).inspect()).rejects.toMatchObject({ statusCode: 404 });
    expect(await rt.inspect(discovered.id)).toBeDefined();
    expect(await rt.inspect(keep.workload.id)).toBeDefined();
  });

  it("gives a high-risk server no network at all", async () => {
    const { workload } = await runtime().deploy(
      spec("rt-high", { risk: "high", profile: profileFor({ risk: "high" }) }),
    );
    const info = await docker.getContainer(workload.id).inspect();
    expect(info.HostConfig).toMatchObject({ NetworkMode: "none", PidsLimit: 128, Memory: 256 * 1024 * 1024 });
    expect(workload.address).toBeUndefined();
  });
});

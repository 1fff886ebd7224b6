import { randomUUID } from "node:crypto";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import Dockerode from "dockerode";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { imageServerSchema, type ImageServerConfig } from "../../src/config/index.js";
import {
  createDiscoveredDownstream,
  createDownstream,
  type DownstreamServer,
  type ServerStatus,
} from "../../src/downstream/index.js";
import { CircuitOpen, DownstreamUnavailable } from "../../src/errors/index.js";
import { createDockerRuntime, LABELS } from "../../src/runtime/index.js";
import { buildEchoImage, dockerAvailable, removeTestContainers } from "../runtime/fixtures/image.js";

const runId = `rt-${randomUUID().slice(0, 8)}`;
const log = pino({ level: process.env.RT_LOG ?? "silent" });
const available = await dockerAvailable();
const docker = new Dockerode();
const text = (result: unknown) => (result as { content: { text: string }[] }).content[0]!.text;

describe.skipIf(!available && process.env.CI !== "true")("downstream over real containers", () => {
  let image: string;
  const runtime = createDockerRuntime({
    docker,
    log,
    containerPrefix: "mcp-rt-test-",
    selector: { [LABELS.test]: runId },
  });
  const servers: DownstreamServer[] = [];
  const config = (name: string, over: Partial<ImageServerConfig> = {}): ImageServerConfig =>
    imageServerSchema.parse({ kind: "image", name, image, secrets: ["RT_TOKEN"], ...over });
  const downstream = (
    cfg: ImageServerConfig,
    extra: { statuses?: ServerStatus[]; ready?: Client[] } = {},
  ) => {
    const server = createDownstream({
      config: cfg,
      runtime,
      secrets: { RT_TOKEN: "tok" },
      createClient: () => new Client({ name: "rt-hub", version: "1" }),
      onReady: (client) => extra.ready?.push(client),
      onStatus: (status) => extra.statuses?.push(status),
      log,
      labels: { [LABELS.test]: runId },
      supervision: {
        backoffInitialMs: 50,
        backoffMaxMs: 200,
        breakerFailures: 3,
        breakerWindowMs: 60_000,
        breakerOpenMs: 60_000,
        connectTimeoutMs: 20_000,
      },
    });
    servers.push(server);
    return server;
  };

  beforeAll(async () => {
    image = await buildEchoImage(runId);
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    await removeTestContainers(runId);
  });

  it("starts a stdio server, calls it, and restarts it after the container is killed", async () => {
    const ready: Client[] = [];
    const statuses: ServerStatus[] = [];
    const server = downstream(config("rt-ds-kill"), { ready, statuses });
    await server.start();
    expect(server.status()).toMatchObject({
      name: "rt-ds-kill",
      kind: "image",
      transport: "stdio",
      state: "ready",
      restarts: 0,
      breaker: "closed",
    });
    expect(text(await server.client().callTool({ name: "env", arguments: { name: "RT_TOKEN" } }))).toBe(
      "tok",
    );
    const firstId = server.status().containerId!;

    await docker.getContainer(firstId).kill();
    await vi.waitFor(() => expect(ready).toHaveLength(2), { timeout: 30_000, interval: 50 });
    expect(statuses.map((s) => s.state)).toContain("restarting");
    expect(server.status().state).toBe("ready");
    expect(server.status().restarts).toBeGreaterThanOrEqual(1);
    expect(server.status().lastError).toMatch(/exited|closed/);
    expect(server.status().containerId).not.toBe(firstId);
    expect(text(await server.client().callTool({ name: "echo", arguments: { text: "back" } }))).toBe("back");
    expect(server.logs().join("\n")).toContain("rt-echo ready on stdio");
  });

  it("restarts after the server process crashes by itself", async () => {
    const ready: Client[] = [];
    const server = downstream(config("rt-ds-crash"), { ready });
    await server.start();
    await server
      .client()
      .callTool({ name: "crash", arguments: {} })
      .catch(() => undefined);
    await vi.waitFor(() => expect(ready).toHaveLength(2), { timeout: 30_000, interval: 50 });
    expect(server.logs().join("\n")).toContain("crashing on request");
    expect(text(await server.client().callTool({ name: "echo", arguments: { text: "ok" } }))).toBe("ok");
  });

  it("opens the circuit after repeated crashes and fails fast", async () => {
    const server = downstream(
      config("rt-ds-breaker", { command: ["-e", "process.exit(3)"], entrypoint: ["node"] }),
    );
    await server.start();
    await vi.waitFor(() => expect(server.status().state).toBe("circuit-open"), {
      timeout: 60_000,
      interval: 50,
    });
    expect(server.status()).toMatchObject({ breaker: "open" });
    expect(server.status().restarts).toBeGreaterThanOrEqual(3);
    expect(() => server.client()).toThrow(CircuitOpen);
  });

  it("a user restart resets the breaker and replaces the container", async () => {
    const server = downstream(config("rt-ds-restart"));
    await server.start();
    const before = server.status().containerId;
    for (let i = 0; i < 3; i++) server.recordOutcome(false);
    expect(server.status()).toMatchObject({ state: "circuit-open", breaker: "open" });
    expect(() => server.client()).toThrow(CircuitOpen);
    await server.restart();
    expect(server.status()).toMatchObject({ state: "ready", breaker: "closed" });
    expect(server.status().containerId).not.toBe(before);
    expect(text(await server.client().callTool({ name: "echo", arguments: { text: "fresh" } }))).toBe(
      "fresh",
    );
  });

  it("opens a per-client session as a second process in the same container", async () => {
    const server = downstream(config("rt-ds-exec"));
    await server.start();
    const session = await server.openSession(() => new Client({ name: "rt-session", version: "1" }));
    const [host1, pid1] = text(await server.client().callTool({ name: "whoami", arguments: {} })).split(":");
    const [host2, pid2] = text(await session.client.callTool({ name: "whoami", arguments: {} })).split(":");
    expect(host2).toBe(host1);
    expect(pid2).not.toBe(pid1);
    await session.close();
    expect(server.status().state).toBe("ready");
  });

  it("re-adopts the running container when the hub restarts, and stop({remove}) removes it", async () => {
    const first = downstream(config("rt-ds-adopt"));
    await first.start();
    const id = first.status().containerId!;
    await first.stop();
    expect(first.status().state).toBe("stopped");
    expect(() => first.client()).toThrow(DownstreamUnavailable);
    const second = downstream(config("rt-ds-adopt"));
    await second.start();
    expect(second.status()).toMatchObject({ state: "ready", containerId: id });
    expect(second.logs()).toContain(`[hub] container mcp-rt-test-rt-ds-adopt adopted`);
    expect(text(await second.client().callTool({ name: "echo", arguments: { text: "adopted" } }))).toBe(
      "adopted",
    );
    await second.stop({ remove: true });
    expect(await runtime.inspect(id)).toBeUndefined();
  });

  it("connects to an http server in its container", async () => {
    const server = downstream(
      config("rt-ds-http", { transport: "http", port: 8080, env: { MCP_HTTP_PORT: "8080" } }),
    );
    await server.start();
    expect(server.status()).toMatchObject({ state: "ready", transport: "http" });
    expect(text(await server.client().callTool({ name: "echo", arguments: { text: "over http" } }))).toBe(
      "over http",
    );
    const session = await server.openSession(() => new Client({ name: "rt-session", version: "1" }));
    expect(text(await session.client.callTool({ name: "echo", arguments: { text: "second" } }))).toBe(
      "second",
    );
    await session.close();
    await vi.waitFor(() => expect(server.logs().join("\n")).toContain("rt-echo listening on 8080"));
  });

  it("connects to a discovered container without ever removing it", async () => {
    const container = await docker.createContainer({
      name: `mcp-rt-test-disc-${runId}`,
      Image: image,
      OpenStdin: true,
      Labels: { [LABELS.server]: "rt-ds-disc", [LABELS.test]: runId },
    });
    await container.start();
    const workload = (await runtime.list()).find((w) => w.server === "rt-ds-disc")!;
    expect(workload.managed).toBe(false);
    const server = createDiscoveredDownstream({
      workload,
      runtime,
      createClient: () => new Client({ name: "rt-hub", version: "1" }),
      log,
    });
    servers.push(server);
    await server.start();
    expect(server.status()).toMatchObject({ kind: "discovered", state: "ready", containerId: container.id });
    expect(text(await server.client().callTool({ name: "echo", arguments: { text: "found" } }))).toBe(
      "found",
    );
    await server.stop({ remove: true });
    expect((await runtime.inspect(container.id))?.state).toBe("running");
  });
});

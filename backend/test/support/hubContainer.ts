/**
 * Runs the real hub image (mcp-hub:dev, built by `make images`) as a container, the way `make run` does, but
 * isolated: its own data dir, a random loopback port, and labels/prefix so it sees only this test's containers.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { docker, imageExists } from "./images.js";
import { dockerAvailable, publishedPort, runId, TEST_LABEL } from "./docker.js";
import { pollUntil } from "./poll.js";

export const HUB_IMAGE = process.env.HUB_IMAGE ?? "mcp-hub:dev";

/**
 * Whether a test of the hub image can run here: an engine, and the image. Under CI a missing image fails the test
 * rather than skipping it (a skip proves nothing); elsewhere `make images` may not have run yet.
 */
export async function hubImageRunnable(): Promise<boolean> {
  return dockerAvailable() && (process.env.CI === "true" || (await imageExists(HUB_IMAGE)));
}

export interface HubContainer {
  name: string;
  url: string;
  /** The A2A gateway, published on a random loopback port. */
  gatewayUrl: string;
  token: string;
  dataDir: string;
  /** Label value its server containers carry (mcp-hub.test=<selector>). */
  selector: string;
  containerPrefix: string;
  api<T = unknown>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }>;
  restart(): Promise<void>;
  logs(): Promise<string>;
  /** Runs the hub's CLI inside the container. */
  cli(args: string[], stdin?: string): Promise<{ code: number; stdout: string; stderr: string }>;
  remove(): Promise<void>;
}

let counter = 0;

export async function startHubContainer(
  options: {
    env?: Record<string, string>;
    dataDir?: string;
    /** Extra bind mounts, `docker run -v` syntax (host:container[:ro]). */
    volumes?: string[];
    /** Replaces the image's CMD, e.g. to try node flags: ["node", "--flag", "/app/main.js"]. */
    command?: string[];
    /** Default HUB_IMAGE. */
    image?: string;
    /** Publish on this loopback port (known ahead, e.g. for an OAuth redirect URI) instead of a random one. */
    publicPort?: number;
  } = {},
): Promise<HubContainer> {
  const id = runId();
  const short = `${id.slice(-6)}${counter++}`;
  const name = `mcp-hub-test-${short}`;
  // Each hub sees only containers labelled with its own selector; the run's label lets globalSetup clean up.
  const selector = `${id}-${short}`;
  const containerPrefix = `mcp-t${short}-`;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), "mcp-hub-data-"));
  const env = {
    HUB_CONTAINER_LABELS: `${TEST_LABEL}=${selector}`,
    HUB_CONTAINER_PREFIX: containerPrefix,
    LOG_LEVEL: "info",
    ...(options.publicPort ? { HUB_PUBLIC_PORT: String(options.publicPort) } : {}),
    ...options.env,
  };
  const run = await docker([
    "run",
    "-d",
    "--name",
    name,
    "--label",
    `${TEST_LABEL}=${id}`, // globalSetup's teardown removes by the run's label
    "-v",
    "/var/run/docker.sock:/var/run/docker.sock",
    "-v",
    `${dataDir}:/data`,
    ...(options.volumes ?? []).flatMap((v) => ["-v", v]),
    "-p",
    `127.0.0.1:${options.publicPort ?? ""}:3010`,
    "-p",
    "127.0.0.1::3011",
    "--network",
    "mcp-hub",
    ...Object.entries(env).flatMap(([k, v]) => ["-e", `${k}=${v}`]),
    options.image ?? HUB_IMAGE,
    ...(options.command ?? []),
  ]);
  if (run.code !== 0) throw new Error(`could not start the hub container: ${run.stderr}`);
  // Servers without egress live on the internal network; the hub must be there to reach http ones.
  await docker(["network", "connect", "mcp-hub-internal", name]);

  let url = "";
  let gatewayUrl = "";
  const waitReady = async () => {
    url = `http://127.0.0.1:${await publishedPort(name, 3010)}`;
    gatewayUrl = `http://127.0.0.1:${await publishedPort(name, 3011)}`;
    // The fetch timeout matters: while the container starts, docker-proxy can leave a fetch pending forever.
    const ready = () =>
      fetch(`${url}/health/ready`, { signal: AbortSignal.timeout(2000) }).then(
        (r) => r.ok,
        () => false,
      );
    if (await pollUntil(ready, { timeoutMs: 60_000, intervalMs: 200 })) return;
    throw new Error(
      `hub ${name} not ready within 60 s:\n${(await docker(["logs", "--tail", "50", name])).stderr}`,
    );
  };
  await waitReady();
  const token = readFileSync(join(dataDir, "token"), "utf8").trim();

  return {
    name,
    get url() {
      return url;
    },
    get gatewayUrl() {
      return gatewayUrl;
    },
    token,
    dataDir,
    selector,
    containerPrefix,
    async api<T>(method: string, path: string, body?: unknown) {
      const res = await fetch(`${url}/api${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { "content-type": "application/json" }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
    },
    async restart() {
      const res = await docker(["restart", "-t", "10", name]);
      if (res.code !== 0) throw new Error(res.stderr);
      await waitReady();
    },
    async logs() {
      const res = await docker(["logs", name]);
      return res.stdout + res.stderr;
    },
    async cli(args: string[], stdin?: string) {
      return dockerWithInput(
        ["exec", ...(stdin === undefined ? [] : ["-i"]), name, "mcp-hub", ...args],
        stdin,
      );
    },
    async remove() {
      // The hub first (its supervisor would restart what we remove), then the servers it created.
      await docker(["rm", "-f", "-v", name]);
      const left = await docker(["ps", "-aq", "--filter", `label=${TEST_LABEL}=${selector}`]);
      const ids = left.stdout.split("\n").filter(Boolean);
      if (ids.length) await docker(["rm", "-f", "-v", ...ids]);
    },
  };
}

function dockerWithInput(
  args: string[],
  stdin?: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn("docker", args, { stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? 1, stdout, stderr }));
    child.stdin.end(stdin ?? "");
  });
}

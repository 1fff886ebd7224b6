/**
 * The things `make bench` talks to, each as a LeanClient: the fixture server as a local child (the floor), the
 * same fixture image over `docker run -i` (the fair direct path), the hub container and the mcp-proxy peer over
 * Streamable HTTP (leanHttp, opened by the caller), and once more the hub through the SDK client, to show what a
 * typical client pays on top.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { ResultSchema, type CallToolRequest, type ClientRequest } from "@modelcontextprotocol/sdk/types.js";
import { connectStreamableHttp } from "../backend/test/support/mcpClient.js";
import { labelArgs, runId } from "../backend/test/support/docker.js";
import { docker, TEST_IMAGES } from "../backend/test/support/images.js";
import { leanStdio, type LeanClient, type LeanStdioClient } from "./leanClient.js";
import { pollUntil } from "../backend/test/support/poll.js";
import { freePort } from "../backend/test/support/ports.js";

export const REPO_ROOT = fileURLToPath(new URL("../", import.meta.url));
const FIXTURE_SOURCE = fileURLToPath(new URL("../backend/test/fixtures/fixtureServer.ts", import.meta.url));
const MCP_PROXY_BIN = fileURLToPath(
  new URL("./peers/node_modules/mcp-proxy/dist/bin/mcp-proxy.mjs", import.meta.url),
);

/** The fixture server as a plain child process over stdio: what no proxy can beat. */
export function localFixture(env: Record<string, string>): Promise<LeanStdioClient> {
  return leanStdio(process.execPath, ["--import", "tsx", FIXTURE_SOURCE], {
    env,
    cwd: REPO_ROOT,
    name: "bench-floor",
  });
}

function dockerRunArgs(name: string, env: Record<string, string>): string[] {
  return [
    "run",
    "-i",
    "--rm",
    "--name",
    name,
    ...labelArgs(),
    "--network",
    "none",
    ...Object.entries(env).flatMap(([k, v]) => ["-e", `${k}=${v}`]),
    TEST_IMAGES.fixture,
  ];
}

/** The fixture image over `docker run -i`: stdio through the docker CLI and dockerd's attach, no hub. */
export function dockerFixture(env: Record<string, string>): Promise<LeanStdioClient> {
  return leanStdio("docker", dockerRunArgs(`mcp-hub-bench-direct-${runId().slice(-6)}`, env), {
    name: "bench-direct",
  });
}

/** The SDK client (fetch, zod, its transport) behind the LeanClient shape; tools/call goes through callTool. */
export async function sdkHttpClient(
  url: string,
  options: { token?: string; name?: string } = {},
): Promise<LeanClient> {
  const { client, transport } = await connectStreamableHttp(url, options);
  return {
    call: (method, params) =>
      method === "tools/call"
        ? client.callTool(params as CallToolRequest["params"])
        : client.request({ method, params } as ClientRequest, ResultSchema),
    async close() {
      // DELETE the session first so the server forgets it; close() alone only drops the client side.
      await transport.terminateSession().catch(() => undefined);
      await client.close();
    },
  };
}

export function mcpProxyInstalled(): boolean {
  return existsSync(MCP_PROXY_BIN);
}

export interface PeerProcess {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** punkpeye/mcp-proxy 6.7.19 on 127.0.0.1, one shared stdio child: the same fixture image over `docker run -i`. */
export async function startMcpProxy(env: Record<string, string>): Promise<PeerProcess> {
  const port = await freePort();
  const containerName = `mcp-hub-bench-proxy-${runId().slice(-6)}`;
  const args = [
    MCP_PROXY_BIN,
    "--port",
    String(port),
    "--host",
    "127.0.0.1",
    "--server",
    "stream",
    "--",
    "docker",
    ...dockerRunArgs(containerName, env),
  ];
  const child = spawn(process.execPath, args, { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const url = `http://127.0.0.1:${port}/mcp`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`mcp-proxy exited (${child.exitCode}): ${stderr}`);
    const status = await fetch(url, { method: "GET" }).then(
      (r) => r.status,
      () => 0,
    );
    if (status !== 0) break;
    if (Date.now() > deadline) throw new Error(`mcp-proxy not listening on ${port} within 30 s: ${stderr}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    child,
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      await exited;
      await containerGone(containerName);
    },
  };
}

/**
 * Waits until the peer's `docker run --rm` container is removed: mcp-proxy exits before its child, and dockerd
 * tearing the container down (network namespace, overlay mount) would otherwise run into the next measurement.
 */
async function containerGone(name: string): Promise<void> {
  const gone = async () => {
    const listed = await docker(["ps", "-aq", "--filter", `name=^/${name}$`]);
    return listed.code === 0 && listed.stdout.trim() === "";
  };
  if (!(await pollUntil(gone, { timeoutMs: 15_000, intervalMs: 100 }))) await docker(["rm", "-f", name]);
}

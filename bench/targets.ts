/**
 * The things `make bench` talks to, each as an SDK client plus a close(): the fixture server as a local child (the
 * floor), the same fixture image over `docker run -i` (the fair direct path), the hub container over Streamable
 * HTTP, and the mcp-proxy peer fronting that image.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { connectStdio, connectStreamableHttp } from "../backend/test/support/mcpClient.js";
import { labelArgs, runId } from "../backend/test/support/docker.js";
import { TEST_IMAGES } from "../backend/test/support/images.js";

export const REPO_ROOT = fileURLToPath(new URL("../", import.meta.url));
const FIXTURE_SOURCE = fileURLToPath(new URL("../backend/test/fixtures/fixtureServer.ts", import.meta.url));
const MCP_PROXY_BIN = fileURLToPath(
  new URL("./peers/node_modules/mcp-proxy/dist/bin/mcp-proxy.mjs", import.meta.url),
);

export interface Target {
  client: Client;
  close(): Promise<void>;
}

/** The fixture server as a plain child process over stdio: what no proxy can beat. */
export async function localFixture(env: Record<string, string>): Promise<Target> {
  const connected = await connectStdio(
    { command: process.execPath, args: ["--import", "tsx", FIXTURE_SOURCE], env, cwd: REPO_ROOT },
    { name: "bench-floor" },
  );
  return { client: connected.client, close: () => connected.close() };
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
export async function dockerFixture(env: Record<string, string>): Promise<Target> {
  const connected = await connectStdio(
    { command: "docker", args: dockerRunArgs(`mcp-hub-bench-direct-${runId().slice(-6)}`, env) },
    { name: "bench-direct" },
  );
  return { client: connected.client, close: () => connected.close() };
}

export async function httpClient(
  url: string,
  options: { token?: string; name?: string } = {},
): Promise<Target> {
  const connected = await connectStreamableHttp(url, { token: options.token, name: options.name });
  return { client: connected.client, close: () => closeHttp(connected.client, connected.transport) };
}

/** DELETE the session first so the server forgets it; close() alone only drops the client side. */
async function closeHttp(client: Client, transport: StreamableHTTPClientTransport): Promise<void> {
  await transport.terminateSession().catch(() => undefined);
  await client.close();
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
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
    ...dockerRunArgs(`mcp-hub-bench-proxy-${runId().slice(-6)}`, env),
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
    },
  };
}

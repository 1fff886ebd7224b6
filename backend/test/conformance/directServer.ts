/**
 * The conformance fixture image run hardened on loopback, no hub in front: the reference every hub-fronted run
 * is compared with.
 */
import { expect, vi } from "vitest";
import { labelArgs, publishedPort, runId } from "../support/docker.js";
import { CONFORMANCE_PORT, docker, TEST_IMAGES } from "../support/images.js";

export interface DirectServer {
  /** The MCP endpoint, http://127.0.0.1:<port>/mcp. */
  url: string;
  remove(): Promise<void>;
}

let counter = 0;

export async function startDirectConformance(): Promise<DirectServer> {
  const container = `fx-conformance-${runId()}-${counter++}`;
  const run = await docker([
    "run",
    "-d",
    "--name",
    container,
    ...labelArgs(),
    "--read-only",
    "--cap-drop",
    "ALL",
    "--security-opt",
    "no-new-privileges",
    "--memory",
    "256m",
    "-p",
    `127.0.0.1::${CONFORMANCE_PORT}`,
    TEST_IMAGES.conformance,
  ]);
  if (run.code !== 0) throw new Error(`docker run failed: ${run.stderr}`);
  const url = `http://127.0.0.1:${await publishedPort(container, CONFORMANCE_PORT)}/mcp`;
  // Up means: our host answers a session-less GET with 400 (not a connection error).
  // Per-attempt timeout: docker-proxy can accept a connection before the server listens and then hold it.
  await vi.waitFor(
    async () => expect((await fetch(url, { signal: AbortSignal.timeout(1000) })).status).toBe(400),
    { timeout: 30_000, interval: 200 },
  );
  return {
    url,
    async remove() {
      await docker(["rm", "-f", "-v", container]);
    },
  };
}

/**
 * The conformance fixture image, run hardened on loopback and graded directly (no hub): the reference the
 * hub-fronted runs are compared with. Every scenario not in baseline.yml must pass.
 */
import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { dockerAvailable, labelArgs, publishedPort, runId } from "../support/docker.js";
import { CONFORMANCE_PORT, docker, TEST_IMAGES } from "../support/images.js";
import { BASELINE_PATH, readBaseline, runConformance } from "./runConformance.js";

describe.skipIf(!dockerAvailable())("conformance fixture server, direct", () => {
  const container = `fx-conformance-${runId()}`;
  let url: string;

  beforeAll(async () => {
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
    url = `http://127.0.0.1:${await publishedPort(container, CONFORMANCE_PORT)}/mcp`;
    // Up means: our host answers a session-less GET with 400 (not a connection error).
    // Per-attempt timeout: docker-proxy can accept a connection before the server listens and then hold it.
    await vi.waitFor(
      async () => expect((await fetch(url, { signal: AbortSignal.timeout(1000) })).status).toBe(400),
      { timeout: 30_000, interval: 200 },
    );
  });

  afterAll(async () => {
    await docker(["rm", "-f", container]);
  });

  it("passes every scenario of the full suite except the baseline's", async () => {
    const baseline = await readBaseline();
    const result = await runConformance({ url, suite: "all", expectedFailures: BASELINE_PATH });

    const unexpected = result.failed.filter((f) => !baseline.includes(f.scenario));
    expect(unexpected, result.raw.slice(-4000)).toEqual([]);
    // Stale entries (listed but passing) make the tool exit 1 as well.
    expect(result.passed.filter((s) => baseline.includes(s))).toEqual([]);
    expect(result.exitCode).toBe(0);
    // 32 server scenarios in 0.1.13; guards against a run that silently graded nothing.
    expect(result.passed.length + result.failed.length).toBe(32);
  });

  it("rejects a request whose Host is not loopback", async () => {
    // node:http, not fetch: fetch does not let a caller set Host.
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(url, {
        method: "POST",
        headers: { host: "evil.example.com", "content-type": "application/json" },
      });
      req.on("response", (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on("error", reject);
      req.end(JSON.stringify({ jsonrpc: "2.0", id: 1, method: "ping" }));
    });
    expect(status).toBe(403);
  });
});

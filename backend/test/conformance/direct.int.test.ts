/**
 * The conformance fixture image, run hardened on loopback and graded directly (no hub): the reference the
 * hub-fronted runs are compared with. Every scenario not in baseline.yml must pass.
 */
import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dockerAvailable } from "../support/docker.js";
import { startDirectConformance, type DirectServer } from "./directServer.js";
import { BASELINE_PATH, readBaseline, runConformance } from "./runConformance.js";

describe.skipIf(!dockerAvailable())("conformance fixture server, direct", () => {
  let server: DirectServer;
  let url: string;

  beforeAll(async () => {
    server = await startDirectConformance();
    url = server.url;
  });

  afterAll(async () => {
    await server?.remove();
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

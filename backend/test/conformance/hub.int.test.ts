/**
 * The conformance fixture graded through the real hub container: once on /servers/conf/mcp (one server,
 * unprefixed), once on the aggregated /mcp. The reference is the same image graded directly in the same test:
 * the hub must pass every scenario the server passes on its own. The conformance CLI cannot send headers, so
 * it talks to a loopback proxy that adds the bearer token (see authProxy.ts); the hub's auth is not relaxed.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { removeLabelled } from "../support/docker.js";
import { startHubContainer, type HubContainer } from "../support/hubContainer.js";
import { CONFORMANCE_PORT, TEST_IMAGES } from "../support/images.js";
import { startAuthProxy, type AuthProxy } from "./authProxy.js";
import { startDirectConformance, type DirectServer } from "./directServer.js";
import { BASELINE_PATH, readBaseline, runConformance } from "./runConformance.js";
import { checkSsePolling } from "./ssePolling.js";

const AGGREGATED_BASELINE = new URL("./baseline.hub-aggregated.yml", import.meta.url).pathname;
/** Server scenarios in conformance 0.1.13 (active + pending); guards against runs that graded nothing. */
const SCENARIO_COUNT = 32;
/** Scenarios that do not depend on tool or prompt names, so they must pass on the aggregated endpoint. */
const GENERIC = [
  "server-initialize",
  "ping",
  "logging-set-level",
  "tools-list",
  "server-sse-multiple-streams",
  "resources-list",
  "resources-read-text",
  "resources-read-binary",
  "resources-templates-read",
  "resources-subscribe",
  "resources-unsubscribe",
  "prompts-list",
  "dns-rebinding-protection",
];
/** Why a name-dependent scenario fails on /mcp: the hub shows <server>__<name>, the scenario asks for the bare name. */
const PREFIXED_NAME =
  /Unknown (tool|prompt): \S+\. Names are <server>__<|not found\. Available tools: .*conf__/;

describe.skipIf(!inject("mcpHubTestDocker"))("conformance through the hub container", () => {
  let hub: HubContainer;
  let direct: DirectServer;
  let proxy: AuthProxy;

  beforeAll(async () => {
    [hub, direct] = await Promise.all([startHubContainer(), startDirectConformance()]);
    const added = await hub.api<{ state: string }>("POST", "/servers", {
      name: "conf",
      kind: "image",
      image: TEST_IMAGES.conformance,
      transport: "http",
      port: CONFORMANCE_PORT,
      path: "/mcp",
      // The hub reaches it by container name; the fixture's own Host check only knows loopback names.
      env: { MCP_ALLOWED_HOSTS: "*" },
    });
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    expect(added.body.state).toBe("ready");
    proxy = await startAuthProxy({ target: hub.url, token: hub.token });
  });

  afterAll(async () => {
    await proxy?.close();
    await hub?.remove();
    // The hub's server containers carry its selector, not the run id, so the run's teardown would miss them.
    if (hub) await removeLabelled(hub.selector);
    await direct?.remove();
  });

  it("refuses the endpoint without the token (the proxy, not a relaxed hub, lets the tool in)", async () => {
    const res = await fetch(`${hub.url}/servers/conf/mcp`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json, text/event-stream" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "ping" }),
    });
    expect(res.status).toBe(401);
  });

  it("passes on /servers/conf/mcp every scenario the server passes directly", async () => {
    // One after the other: the logging and progress scenarios are timing-sensitive on a shared 2-core box.
    const own = await runConformance({ url: direct.url, suite: "all" });
    const viaHub = await runConformance({ url: `${proxy.url}/servers/conf/mcp`, suite: "all" });

    expect(own.passed.length + own.failed.length).toBe(SCENARIO_COUNT);
    expect(viaHub.passed.length + viaHub.failed.length, viaHub.raw.slice(-4000)).toBe(SCENARIO_COUNT);
    const lostThroughHub = viaHub.failed.filter((f) => own.passed.includes(f.scenario));
    expect(lostThroughHub, viaHub.raw.slice(-4000)).toEqual([]);
    // What fails in both is the direct baseline, nothing more.
    const baseline = await readBaseline(BASELINE_PATH);
    expect(viaHub.failed.map((f) => f.scenario).sort()).toEqual([...baseline].sort());
  });

  it("passes on the aggregated /mcp every scenario that does not name a tool or prompt", async () => {
    const baseline = await readBaseline(AGGREGATED_BASELINE);
    const result = await runConformance({
      url: `${proxy.url}/mcp`,
      suite: "all",
      expectedFailures: AGGREGATED_BASELINE,
    });

    expect(result.passed.length + result.failed.length, result.raw.slice(-4000)).toBe(SCENARIO_COUNT);
    expect(result.passed).toEqual(expect.arrayContaining(GENERIC));
    const unexpected = result.failed.filter((f) => !baseline.includes(f.scenario));
    expect(unexpected, result.raw.slice(-4000)).toEqual([]);
    expect(result.passed.filter((s) => baseline.includes(s))).toEqual([]); // stale entries
    expect(result.exitCode).toBe(0);
    // Each listed failure fails for the reason the baseline gives, not for a bug hiding behind the entry.
    const ownBaseline = await readBaseline(BASELINE_PATH);
    for (const failure of result.failed.filter((f) => !ownBaseline.includes(f.scenario)))
      expect(failure.detail, failure.scenario).toMatch(PREFIXED_NAME);
  });

  it("resumes SSE streams for 2025-11-25 clients as the server does (server-sse-polling, graded by hand)", async () => {
    const expected = {
      text: "Reconnection test completed successfully. If you received this, the client properly reconnected after stream closure.",
    };
    const own = await checkSsePolling({ url: direct.url });
    const viaHub = await checkSsePolling({
      url: `${hub.url}/servers/conf/mcp`,
      headers: { authorization: `Bearer ${hub.token}` },
    });
    for (const outcome of [own, viaHub]) {
      // Priming event: an id, empty data, a retry interval, before anything else on the POST stream.
      expect(outcome.first).toMatchObject({ id: expect.any(String), data: "" });
      expect(outcome.first?.retry).toBeGreaterThan(0);
      expect(outcome.result).toMatchObject({ content: [{ type: "text", ...expected }] });
      // Resuming from the priming event replays the response: nothing is lost when a stream drops.
      expect(outcome.replayed).toEqual([expect.objectContaining({ id: 1, result: outcome.result })]);
    }
    // The server closes its stream mid-call and the client resumes; the hub resumes downstream itself and
    // keeps the client's stream open.
    expect(own.resultVia).toBe("resume");
    expect(viaHub.resultVia).toBe("post");
  });
});

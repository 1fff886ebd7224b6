import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { connectStreamableHttp, type ConnectedClient } from "../support/mcpClient.js";
import { docker, TEST_IMAGES } from "../support/images.js";
import { INITIALIZE, MCP_HEADERS, rawRequest, startTestHub, type TestHub, textOf } from "./hubKit.js";

const TIMEOUT_MS = 1500;

/** How long a promise takes to settle, and how. */
async function timed<T>(work: Promise<T>) {
  const started = Date.now();
  try {
    return { ok: true as const, value: await work, ms: Date.now() - started };
  } catch (error) {
    return { ok: false as const, error: error as Error, ms: Date.now() - started };
  }
}

/** Timeouts, dying servers and malformed requests: the hub answers, restarts and never hangs. */
describe.skipIf(!inject("mcpHubTestDocker"))("robustness through the hub container", () => {
  let hub: TestHub;
  let main: ConnectedClient;

  beforeAll(async () => {
    hub = await startTestHub();
    await hub.addServer({ name: "fx", kind: "image", image: TEST_IMAGES.fixture });
    await hub.addServer({
      name: "tmo",
      kind: "image",
      image: TEST_IMAGES.fixture,
      callTimeoutMs: TIMEOUT_MS,
    });
    main = await connectStreamableHttp(`${hub.url}/mcp`, { token: hub.token });
  });

  afterAll(async () => {
    await main?.close();
    await hub?.dispose();
  });

  it("ends a hung call with a JSON-RPC error after the server's callTimeoutMs", async () => {
    const outcome = await timed(main.client.callTool({ name: "tmo__hang", arguments: {} }));
    expect(outcome.ok).toBe(false);
    expect(outcome.ok ? "" : outcome.error.message).toMatch(/did not answer within 1500 ms/);
    expect(outcome.ms).toBeGreaterThanOrEqual(TIMEOUT_MS - 100);
    expect(outcome.ms).toBeLessThan(5000);
  });

  it("lets progress reset the timeout: a call longer than it in total, with shorter steps, succeeds", async () => {
    const seen: number[] = [];
    const outcome = await timed(
      main.client.callTool({ name: "tmo__progress", arguments: { steps: 4, delayMs: 900 } }, undefined, {
        onprogress: (p) => seen.push(p.progress),
      }),
    );
    expect(outcome.ok ? textOf(outcome.value) : outcome.error.message).toBe("done");
    expect(outcome.ms).toBeGreaterThan(2 * TIMEOUT_MS);
    expect(seen).toEqual([1, 2, 3, 4]);
  });

  it("fails a call at once when its server's container is killed, then restarts the server", async () => {
    const before = await hub.server("fx");
    expect(before.state).toBe("ready");
    const slow = timed(main.client.callTool({ name: "fx__slow", arguments: { ms: 30_000 } }));
    // Answered on the same connection after the slow call: the slow one is running in the container now.
    await main.client.callTool({ name: "fx__echo", arguments: { text: "barrier" } });
    const kill = await docker(["kill", before.containerId!]);
    expect(kill.code, kill.stderr).toBe(0);
    const outcome = await slow;
    expect(outcome.ok).toBe(false);
    expect(outcome.ms).toBeLessThan(10_000); // the default call timeout is 60 s

    const after = await hub.waitForServer("fx", (v) => {
      expect(v.restarts).toBeGreaterThanOrEqual(1);
      expect(v.state).toBe("ready");
    });
    expect(after.containerId).not.toBe(before.containerId);
    const echoed = await main.client.callTool({ name: "fx__echo", arguments: { text: "back" } });
    expect(textOf(echoed)).toBe("back");
  });

  it("answers a call that crashes its server with an error, and restarts the server", async () => {
    const before = await hub.waitForServer("fx", (v) => expect(v.state).toBe("ready"));
    const outcome = await timed(main.client.callTool({ name: "fx__crash", arguments: {} }));
    expect(outcome.ok).toBe(false);
    expect(outcome.ms).toBeLessThan(10_000);
    await hub.waitForServer("fx", (v) => {
      expect(v.restarts).toBeGreaterThan(before.restarts);
      expect(v.state).toBe("ready");
    });
    const echoed = await main.client.callTool({ name: "fx__echo", arguments: { text: "again" } });
    expect(textOf(echoed)).toBe("again");
  });

  it("answers a malformed JSON body with HTTP 400 and JSON-RPC -32700", async () => {
    const res = await rawRequest(`${hub.url}/mcp`, {
      method: "POST",
      headers: { ...MCP_HEADERS, authorization: `Bearer ${hub.token}` },
      body: '{"jsonrpc":"2.0","id":1,"method":',
    });
    expect(res.status).toBe(400);
    expect(res.json<{ error: { code: number } }>().error.code).toBe(-32700);
  });

  it("refuses a first request that is not initialize with 400", async () => {
    const res = await rawRequest(`${hub.url}/mcp`, {
      method: "POST",
      headers: { ...MCP_HEADERS, authorization: `Bearer ${hub.token}` },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" }),
    });
    expect(res.status).toBe(400);
    expect(res.json<{ jsonrpc: string; error: { message: string } }>().error.message).toMatch(/initialize/);
  });

  it("answers an unknown session id with 404", async () => {
    const res = await rawRequest(`${hub.url}/mcp`, {
      method: "POST",
      headers: {
        ...MCP_HEADERS,
        authorization: `Bearer ${hub.token}`,
        "mcp-session-id": "00000000-0000-4000-8000-000000000000",
      },
      body: JSON.stringify({ jsonrpc: "2.0", id: 2, method: "tools/list" }),
    });
    expect(res.status).toBe(404);
    expect(res.json<{ error: { code: number } }>().error.code).toBe(-32001);
  });

  it("answers an unknown tool with an error that lists the servers", async () => {
    await expect(main.client.callTool({ name: "nope__echo", arguments: {} })).rejects.toThrow(
      /Unknown tool: nope__echo.*servers: .*fx, tmo/,
    );
  });

  it("ends a session on DELETE", async () => {
    const headers = { ...MCP_HEADERS, authorization: `Bearer ${hub.token}` };
    const init = await rawRequest(`${hub.url}/mcp`, {
      method: "POST",
      headers,
      body: JSON.stringify(INITIALIZE),
    });
    expect(init.status).toBe(200);
    const sessionId = init.headers["mcp-session-id"] as string;
    expect(sessionId).toBeTruthy();
    const withSession = { ...headers, "mcp-session-id": sessionId };
    const initialized = await rawRequest(`${hub.url}/mcp`, {
      method: "POST",
      headers: withSession,
      body: JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" }),
    });
    expect(initialized.status).toBe(202);
    const sessions = async () => (await hub.api<{ sessions: number }>("GET", "/status")).body.sessions;
    const open = await sessions();

    const deleted = await rawRequest(`${hub.url}/mcp`, { method: "DELETE", headers: withSession });
    expect(deleted.status).toBe(200);
    const after = await rawRequest(`${hub.url}/mcp`, {
      method: "POST",
      headers: withSession,
      body: JSON.stringify({ jsonrpc: "2.0", id: 3, method: "tools/list" }),
    });
    expect(after.status).toBe(404);
    expect(await sessions()).toBe(open - 1);
  });
});

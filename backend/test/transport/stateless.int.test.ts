import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { connectStreamableHttp, type ConnectedClient } from "../support/mcpClient.js";
import { startHubContainer, type HubContainer } from "../support/hubContainer.js";
import { TEST_IMAGES } from "../support/images.js";

const V = "2026-07-28";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- raw JSON-RPC bodies, asserted field by field
type Json = any;

interface RpcAnswer {
  status: number;
  contentType: string;
  sessionId: string | null;
  /** Every JSON-RPC message in the body: one for JSON, notifications then the response for SSE. */
  messages: Json[];
  final: Json;
}

let nextId = 1;

/** A POST in the 2026-07-28 shape: _meta envelope plus the mirrored headers, unless a test overrides them. */
async function modern(
  url: string,
  token: string,
  method: string,
  params: Record<string, unknown> = {},
  options: { headers?: Record<string, string>; meta?: Record<string, unknown>; signal?: AbortSignal } = {},
): Promise<RpcAnswer> {
  const name = (params.name ?? params.uri) as string | undefined;
  const res = await fetch(url, {
    method: "POST",
    signal: options.signal,
    headers: {
      authorization: `Bearer ${token}`,
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
      "mcp-protocol-version": V,
      "mcp-method": method,
      ...(name === undefined ? {} : { "mcp-name": name }),
      ...options.headers,
    },
    body: JSON.stringify({
      jsonrpc: "2.0",
      id: nextId++,
      method,
      params: {
        ...params,
        _meta: {
          "io.modelcontextprotocol/protocolVersion": V,
          "io.modelcontextprotocol/clientInfo": { name: "stateless-probe", version: "1.0.0" },
          "io.modelcontextprotocol/clientCapabilities": {},
          ...options.meta,
        },
      },
    }),
  });
  const contentType = res.headers.get("content-type") ?? "";
  const text = await res.text();
  const messages = contentType.startsWith("text/event-stream")
    ? text
        .split("\n")
        .filter((line) => line.startsWith("data: "))
        .map((line) => JSON.parse(line.slice(6)))
    : [JSON.parse(text)];
  return {
    status: res.status,
    contentType,
    sessionId: res.headers.get("mcp-session-id"),
    messages,
    final: messages[messages.length - 1]!,
  };
}

describe.skipIf(!inject("mcpHubTestDocker"))("2026-07-28 stateless requests on the dual-era endpoint", () => {
  let hub: HubContainer;
  let legacy: ConnectedClient;
  let mcp: string;
  const post = (method: string, params?: Record<string, unknown>, options?: Parameters<typeof modern>[4]) =>
    modern(mcp, hub.token, method, params, options);

  beforeAll(async () => {
    hub = await startHubContainer();
    mcp = `${hub.url}/mcp`;
    const added = await hub.api<{ state: string }>("POST", "/servers", {
      name: "fx",
      kind: "image",
      image: TEST_IMAGES.fixture,
    });
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    expect(added.body.state).toBe("ready");
    legacy = await connectStreamableHttp(mcp, { token: hub.token });
  });

  afterAll(async () => {
    await legacy?.close();
    await hub?.remove();
  });

  it("answers server/discover with versions, capabilities and serverInfo, minting no session", async () => {
    const answer = await post("server/discover");
    expect(answer.status).toBe(200);
    expect(answer.contentType).toMatch(/^application\/json/);
    expect(answer.sessionId).toBeNull();
    const result = answer.final.result;
    expect(result.resultType).toBe("complete");
    expect(result.supportedVersions[0]).toBe(V);
    expect(result.supportedVersions).toContain("2025-11-25");
    expect(result.capabilities).toMatchObject({ tools: {}, prompts: {}, resources: {} });
    expect(result.capabilities.resources.subscribe).toBeUndefined();
    expect(result._meta["io.modelcontextprotocol/serverInfo"]).toMatchObject({ name: "mcp-hub" });
    expect(result).toMatchObject({ ttlMs: expect.any(Number), cacheScope: "private" });
  });

  it("lists tools in a stable order with the cache hints", async () => {
    const { final } = await post("tools/list");
    const names: string[] = final.result.tools.map((t: { name: string }) => t.name);
    expect(names).toContain("fx__echo");
    expect(names).toEqual([...names].sort());
    expect(final.result).toMatchObject({ resultType: "complete", ttlMs: 0, cacheScope: "private" });
  });

  it("calls a tool with a plain JSON response when no progress is asked for", async () => {
    const answer = await post("tools/call", { name: "fx__echo", arguments: { text: "stateless" } });
    expect(answer.status).toBe(200);
    expect(answer.contentType).toMatch(/^application\/json/);
    expect(answer.final.result).toMatchObject({
      resultType: "complete",
      content: [{ type: "text", text: "stateless" }],
    });
  });

  it("streams progress as SSE on the call's own response when a progressToken is sent", async () => {
    // Steps 50 ms apart: over stdio a progress notification sharing a chunk with the result is dropped by the
    // SDK client (it handles notifications a microtask after responses), a flake on a busy machine.
    const answer = await post(
      "tools/call",
      { name: "fx__progress", arguments: { steps: 3, delayMs: 50 } },
      { meta: { progressToken: "p-1" } },
    );
    expect(answer.contentType).toMatch(/^text\/event-stream/);
    const progress = answer.messages.filter((m) => m.method === "notifications/progress");
    expect(progress.map((m) => [m.params.progressToken, m.params.progress])).toEqual([
      ["p-1", 1],
      ["p-1", 2],
      ["p-1", 3],
    ]);
    expect(answer.final.result).toMatchObject({ resultType: "complete", content: [{ text: "done" }] });
  });

  it("serves prompts, resources and completion on a single server's endpoint, unprefixed", async () => {
    const one = (method: string, params?: Record<string, unknown>) =>
      modern(`${hub.url}/servers/fx/mcp`, hub.token, method, params);
    const tools = (await one("tools/list")).final.result.tools.map((t: { name: string }) => t.name);
    expect(tools).toContain("echo");
    const prompt = await one("prompts/get", { name: "greet", arguments: { name: "Ada" } });
    expect(prompt.final.result.messages[0].content.text).toBe("Hello, Ada!");
    const read = await one("resources/read", { uri: "fixture://static" });
    expect(read.final.result).toMatchObject({ resultType: "complete", ttlMs: 0, cacheScope: "private" });
    expect(read.final.result.contents[0].uri).toBe("fixture://static");
    const completion = await one("completion/complete", {
      ref: { type: "ref/prompt", name: "greet" },
      argument: { name: "name", value: "" },
    });
    expect(completion.final.result.completion.values.length).toBeGreaterThan(0);
  });

  it("rejects headers that disagree with the body (HeaderMismatch) and unknown versions", async () => {
    const mismatch = await post(
      "tools/call",
      { name: "fx__echo", arguments: { text: "x" } },
      { headers: { "mcp-name": "fx__add" } },
    );
    expect(mismatch.status).toBe(400);
    expect(mismatch.final.error.code).toBe(-32020);
    const future = await post(
      "tools/list",
      {},
      {
        headers: { "mcp-protocol-version": "2099-01-01" },
        meta: { "io.modelcontextprotocol/protocolVersion": "2099-01-01" },
      },
    );
    expect(future.status).toBe(400);
    expect(future.final.error).toMatchObject({
      code: -32022,
      data: { requested: "2099-01-01", supported: expect.arrayContaining([V, "2025-11-25"]) },
    });
  });

  it("says clearly what it does not serve: subscriptions/listen, removed methods, MRTR relays", async () => {
    const listen = await post("subscriptions/listen", { notifications: { toolsListChanged: true } });
    expect(listen.status).toBe(404);
    expect(listen.final.error).toMatchObject({
      code: -32601,
      message: expect.stringMatching(/subscriptions\/listen/),
    });
    const ping = await post("ping");
    expect(ping.status).toBe(404);
    expect(ping.final.error.message).toMatch(/removed in 2026-07-28/);
    // The fixture asks its client for sampling: under 2026-07-28 that would be MRTR input_required.
    const sample = await post("tools/call", { name: "fx__sample", arguments: { prompt: "hi" } });
    expect(sample.final.error?.message ?? JSON.stringify(sample.final.result)).toMatch(
      /cannot relay sampling\/createMessage.*input_required/,
    );
  });

  it("treats closing the response stream as cancellation", async () => {
    const cancellations = async () =>
      JSON.parse((await post("tools/call", { name: "fx__cancellations" })).final.result.content[0].text)
        .count as number;
    const before = await cancellations();
    const abort = new AbortController();
    const res = await fetch(mcp, {
      method: "POST",
      signal: abort.signal,
      headers: {
        authorization: `Bearer ${hub.token}`,
        "content-type": "application/json",
        accept: "application/json, text/event-stream",
        "mcp-protocol-version": V,
        "mcp-method": "tools/call",
        "mcp-name": "fx__progress",
      },
      body: JSON.stringify({
        jsonrpc: "2.0",
        id: nextId++,
        method: "tools/call",
        params: {
          name: "fx__progress",
          arguments: { steps: 100, delayMs: 60_000 },
          _meta: {
            "io.modelcontextprotocol/protocolVersion": V,
            "io.modelcontextprotocol/clientCapabilities": {},
            progressToken: "c-1",
          },
        },
      }),
    });
    // The first progress event proves the fixture is running the call; then hang up.
    const reader = res.body!.getReader();
    let seen = "";
    while (!seen.includes("notifications/progress")) {
      const chunk = await reader.read();
      if (chunk.done) throw new Error(`stream ended early: ${seen}`);
      seen += new TextDecoder().decode(chunk.value);
    }
    abort.abort();
    await vi.waitFor(async () => expect(await cancellations()).toBe(before + 1), {
      timeout: 10_000,
      interval: 200,
    });
  });

  it("serves a 2025-era session and 2026-07-28 requests on the same endpoint at the same time", async () => {
    const sessionsBefore = (await hub.api<{ sessions: number }>("GET", "/status")).body.sessions;
    const seen: number[] = [];
    const [legacyCall, modernCalls] = await Promise.all([
      legacy.client.callTool({ name: "fx__progress", arguments: { steps: 5, delayMs: 50 } }, undefined, {
        onprogress: (p) => seen.push(p.progress),
      }),
      Promise.all(
        ["a", "b", "c"].map((text) => post("tools/call", { name: "fx__echo", arguments: { text } })),
      ),
    ]);
    expect(legacyCall.content).toEqual([{ type: "text", text: "done" }]);
    expect(seen).toEqual([1, 2, 3, 4, 5]);
    expect(modernCalls.map((a) => a.final.result.content[0].text)).toEqual(["a", "b", "c"]);
    // The legacy session is untouched and the stateless calls left no session behind.
    const { tools } = await legacy.client.listTools();
    expect(tools.map((t) => t.name)).toContain("fx__echo");
    expect((await hub.api<{ sessions: number }>("GET", "/status")).body.sessions).toBe(sessionsBefore);
    // A 2025-era request without a session is still told to initialize, not treated as modern.
    const res = await fetch(mcp, {
      method: "POST",
      headers: {
        authorization: `Bearer ${hub.token}`,
        "content-type": "application/json",
        accept: "application/json, text/event-stream",
      },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" }),
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/initialize/);
  });
});

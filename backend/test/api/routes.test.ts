/**
 * Every /api route's happy path on a real hub (no Docker engine needed: one remote server, the fixture), each
 * answer read back through its contract. A response that does not match its schema would be a 500 here.
 */
import {
  auditEventsResponseSchema,
  errorBodySchema,
  hubEventSchema,
  hubStatusSchema,
  secretNamesResponseSchema,
  serverLogsResponseSchema,
  serversResponseSchema,
  serverViewSchema,
  settingsResponseSchema,
  tokenRotateResponseSchema,
  toolsResponseSchema,
  tryItEventSchema,
  tryItOutcomeSchema,
} from "@mcp-hub/contracts";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startApiHub, type ApiHub } from "./apiKit.js";

let kit: ApiHub;
const api: ApiHub["api"] = (...args) => kit.api(...args);

beforeAll(async () => {
  kit = await startApiHub();
  const added = await api("POST", "/servers", { kind: "remote", name: "fx", url: kit.fixtureUrl });
  expect(added.status, added.text).toBe(201);
  expect(serverViewSchema.parse(added.body)).toMatchObject({ name: "fx", kind: "remote", state: "ready" });
});

afterAll(async () => {
  await kit?.close();
});

/** The server-sent events of a response body. */
function sseEvents(text: string): { event: string; data: unknown }[] {
  return text
    .split("\n\n")
    .filter((block) => block.startsWith("event:"))
    .map((block) => ({
      event: /^event: (.*)$/m.exec(block)?.[1] ?? "",
      data: JSON.parse(/^data: (.*)$/m.exec(block)?.[1] ?? "null"),
    }));
}

describe("status and servers", () => {
  it("GET /status", async () => {
    const res = await api("GET", "/status");
    expect(res.status).toBe(200);
    expect(hubStatusSchema.parse(res.body)).toMatchObject({
      servers: { total: 1, ready: 1 },
      tools: expect.any(Number),
      registry: { state: "disabled" },
    });
  });

  it("GET /servers and /servers/:name, with the config as stored (defaults applied)", async () => {
    const list = serversResponseSchema.parse((await api("GET", "/servers")).body);
    expect(list.servers.map((s) => s.name)).toEqual(["fx"]);
    const one = await api("GET", "/servers/fx");
    expect(one.status).toBe(200);
    expect(serverViewSchema.parse(one.body)).toMatchObject({
      transport: "http",
      enabled: true,
      config: { kind: "remote", risk: "medium", headerSecrets: {}, audit: true },
      counts: { tools: expect.any(Number) },
    });
  });

  it("GET /servers/:name/tools and /logs", async () => {
    const tools = toolsResponseSchema.parse((await api("GET", "/servers/fx/tools")).body).tools;
    expect(tools.find((t) => t.name === "echo")).toMatchObject({
      namespacedName: "fx__echo",
      inputSchema: { type: "object", required: ["text"] },
    });
    const logs = await api("GET", "/servers/fx/logs");
    expect(logs.status).toBe(200);
    expect(serverLogsResponseSchema.parse(logs.body).name).toBe("fx");
  });

  it("POST /servers/:name/disable, /enable and /restart answer with the view", async () => {
    const disabled = await api("POST", "/servers/fx/disable");
    expect(disabled.status, disabled.text).toBe(200);
    expect(serverViewSchema.parse(disabled.body)).toMatchObject({ enabled: false, state: "stopped" });
    const enabled = await api("POST", "/servers/fx/enable");
    expect(serverViewSchema.parse(enabled.body)).toMatchObject({ enabled: true, state: "ready" });
    const restarted = await api("POST", "/servers/fx/restart");
    expect(serverViewSchema.parse(restarted.body)).toMatchObject({ state: "ready" });
  });

  it("adds and removes a second server (DELETE answers 204)", async () => {
    const added = await api("POST", "/servers", {
      kind: "remote",
      name: "fx2",
      url: kit.fixtureUrl,
      enabled: false,
      headerSecrets: { authorization: "FX2_TOKEN" },
    });
    expect(added.status, added.text).toBe(201);
    expect(serverViewSchema.parse(added.body)).toMatchObject({ state: "stopped", enabled: false });
    const removed = await api("DELETE", "/servers/fx2");
    expect(removed.status).toBe(204);
    expect(removed.text).toBe("");
    expect((await api("GET", "/servers/fx2")).status).toBe(404);
  });

  it("refuses a bad server config with the field path and the reason, on one line", async () => {
    const bad = await api("POST", "/servers", {
      kind: "image",
      name: "Bad Name",
      image: "x",
      transport: "http",
      secrets: ["ok", "not-an-env-name"],
    });
    expect(bad.status).toBe(400);
    const { error, message } = errorBodySchema.parse(bad.body);
    expect(error).toBe("bad_request");
    expect(message).toMatch(/^name: use 1-32 characters: a-z, 0-9 and '-', not at either end; /);
    expect(message).toMatch(/secrets\[1\]: use letters, digits and '_'/);
    expect(message).not.toMatch(/\n/);
    const noPort = await api("POST", "/servers", { kind: "image", name: "h", image: "x", transport: "http" });
    expect(noPort.status).toBe(400);
    expect(errorBodySchema.parse(noPort.body).message).toBe("port: an http server needs its container port");
    const missing = await api("POST", "/servers");
    expect(missing.status).toBe(400);
    expect(errorBodySchema.parse(missing.body).message).toMatch(/^kind: /);
  });
});

describe("try-it, audit and events", () => {
  it("POST /servers/:name/tools/:tool/call answers the outcome as JSON", async () => {
    const call = await api("POST", "/servers/fx/tools/echo/call", { arguments: { text: "hi" } });
    expect(call.status, call.text).toBe(200);
    const outcome = tryItOutcomeSchema.parse(call.body);
    expect(outcome).toMatchObject({ outcome: "ok", result: { content: [{ type: "text" }] } });
  });

  it("streams progress and the result as server-sent events", async () => {
    const call = await api(
      "POST",
      "/servers/fx/tools/progress/call",
      { arguments: { steps: 2, delayMs: 1 } },
      { accept: "text/event-stream" },
    );
    expect(call.status).toBe(200);
    const events = sseEvents(call.text).map((e) => tryItEventSchema.parse(e));
    expect(events.map((e) => e.event)).toEqual(["progress", "progress", "result"]);
  });

  it("GET /audit, filtered by its query", async () => {
    await vi.waitFor(async () => {
      const res = await api("GET", "/audit?server=fx&outcome=ok&limit=5");
      expect(res.status).toBe(200);
      const { events } = auditEventsResponseSchema.parse(res.body);
      expect(events[0]).toMatchObject({ server: "fx", client: "dashboard", outcome: "ok" });
    });
    const bad = await api("GET", "/audit?limit=0&outcome=great");
    expect(bad.status).toBe(400);
    expect(errorBodySchema.parse(bad.body).message).toMatch(/^limit: .*; outcome: /);
  });

  it("GET /events starts with hello and carries the hub's events", async () => {
    const abort = new AbortController();
    const res = await fetch(`${kit.hub.url}/api/events`, {
      headers: { authorization: `Bearer ${kit.hub.token}` },
      signal: abort.signal,
    });
    expect(res.headers.get("content-type")).toBe("text/event-stream");
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = "";
    const seen = async (event: string) => {
      while (!sseEvents(text).some((e) => e.event === event)) text += (await reader.read()).value ?? "";
    };
    await seen("hello");
    await api("POST", "/servers/fx/tools/echo/call", { arguments: { text: "event" } });
    await seen("audit");
    abort.abort();
    for (const event of sseEvents(text)) hubEventSchema.parse(event);
  });
});

describe("secrets, settings and the token", () => {
  it("PUT, GET and DELETE /secrets", async () => {
    expect((await api("PUT", "/secrets/FX_KEY", { value: "s3cret" })).status).toBe(204);
    const names = secretNamesResponseSchema.parse((await api("GET", "/secrets")).body).names;
    expect(names).toContain("FX_KEY");
    expect((await api("DELETE", "/secrets/FX_KEY")).status).toBe(204);
    const again = await api("DELETE", "/secrets/FX_KEY");
    expect(again.status).toBe(404);
    expect(errorBodySchema.parse(again.body).error).toBe("not_found");
    const badName = await api("PUT", "/secrets/1BAD", { value: "x" });
    expect(badName.status).toBe(400);
    expect(errorBodySchema.parse(badName.body).message).toMatch(/^name: /);
  });

  it("GET and PUT /settings; a field left out keeps its value", async () => {
    const read = settingsResponseSchema.parse((await api("GET", "/settings")).body);
    expect(read.settings).toMatchObject({
      callTimeoutMs: 60_000,
      readOnly: false,
      hubPort: expect.any(Number),
    });
    await api("PUT", "/settings", { callTimeoutMs: 90_000 });
    const put = await api("PUT", "/settings", { readOnly: true });
    expect(settingsResponseSchema.parse(put.body).settings).toMatchObject({
      callTimeoutMs: 90_000,
      readOnly: true,
    });
    await api("PUT", "/settings", { callTimeoutMs: 60_000, readOnly: false });
  });

  it("PUT /settings keeps the migration's bases and npm mirror, refuses a base that is no image reference, and null clears them", async () => {
    const migration = { nodeBase: "mcp-hub/node-base:24", npmRegistry: "https://npm.example.com/" };
    const put = await api("PUT", "/settings", { migration });
    expect(settingsResponseSchema.parse(put.body).settings.migration).toEqual(migration);
    const injected = await api("PUT", "/settings", { migration: { pythonBase: "python:3\nRUN curl x" } });
    expect(injected.status).toBe(400);
    expect(errorBodySchema.parse(injected.body).message).toMatch(/not an image reference/);
    const read = settingsResponseSchema.parse((await api("GET", "/settings")).body);
    expect(read.settings.migration).toEqual(migration);
    const cleared = await api("PUT", "/settings", { migration: null });
    expect(settingsResponseSchema.parse(cleared.body).settings.migration).toBeUndefined();
  });

  it("POST /token/rotate answers the new token (and the old one stops working)", async () => {
    const old = kit.hub.token;
    const res = await api("POST", "/token/rotate");
    expect(res.status).toBe(200);
    const { token } = tokenRotateResponseSchema.parse(res.body);
    expect(token).not.toBe(old);
    expect(kit.hub.token).toBe(token);
    expect((await api("GET", "/status", undefined, { authorization: `Bearer ${old}` })).status).toBe(401);
  });
});

describe("body caps", () => {
  const oversized = JSON.stringify({ readOnly: true, pad: "x".repeat(300 * 1024) });

  it("caps every /api body at 256 KiB: 413 on routes that took the app's 8 MiB (MCP's cap) before", async () => {
    for (const [method, path] of [
      ["PUT", "/settings"],
      ["POST", "/clients/claude-desktop/connect"],
      ["POST", "/servers/fx/enable"],
    ] as const) {
      const res = await api(method, path, oversized);
      expect(res.status, `${method} ${path}`).toBe(413);
      expect(errorBodySchema.parse(res.body).message).toMatch(/too large/i);
    }
  });

  it("lets try-it take tool arguments up to 1 MiB", async () => {
    const text = "y".repeat(700 * 1024);
    const call = await api("POST", "/servers/fx/tools/echo/call", { arguments: { text } });
    expect(call.status).toBe(200);
    const big = await api("POST", "/servers/fx/tools/echo/call", { arguments: { text: text + text } });
    expect(big.status).toBe(413);
  });
});

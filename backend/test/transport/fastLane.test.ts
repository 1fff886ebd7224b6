import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rawRequest } from "../hub/hubKit.js";
import { startLocalHub, type LocalHub } from "../support/localHub.js";

const MCP_HEADERS = {
  "content-type": "application/json",
  accept: "application/json, text/event-stream",
  "mcp-protocol-version": "2025-11-25",
};
const INITIALIZE = {
  jsonrpc: "2.0",
  id: 0,
  method: "initialize",
  params: {
    protocolVersion: "2025-11-25",
    capabilities: {},
    clientInfo: { name: "lane-test", version: "1" },
  },
};

/**
 * Session POSTs are served by the fast lane (transport/fastLane.ts) instead of fastify: the same guard, headers,
 * limits and answers as the fastify route, which `inject()` still reaches. The hub runs in-process without a
 * Docker engine; a session with no servers is enough.
 */
describe("MCP fast lane", () => {
  let hub: LocalHub;
  let session: string;

  const post = (body: string, headers: Record<string, string> = {}, path = "/mcp") =>
    fetch(`${hub.url}${path}`, {
      method: "POST",
      headers: {
        ...MCP_HEADERS,
        authorization: `Bearer ${hub.token}`,
        "mcp-session-id": session,
        ...headers,
      },
      body,
    });
  const listTools = (id: number) => JSON.stringify({ jsonrpc: "2.0", id, method: "tools/list" });

  beforeAll(async () => {
    hub = await startLocalHub();
    const init = await fetch(`${hub.url}/mcp`, {
      method: "POST",
      headers: { ...MCP_HEADERS, authorization: `Bearer ${hub.token}` },
      body: JSON.stringify(INITIALIZE),
    });
    expect(init.status).toBe(200);
    session = init.headers.get("mcp-session-id")!;
    await init.text();
  });

  afterAll(async () => {
    await hub?.dispose();
  });

  it("answers a session call with the security headers every other response carries", async () => {
    const res = await post(listTools(1));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ jsonrpc: "2.0", id: 1, result: { tools: [] } });
    const api = await fetch(`${hub.url}/api/status`, { headers: { authorization: `Bearer ${hub.token}` } });
    await api.text();
    for (const name of ["x-content-type-options", "x-frame-options", "cross-origin-resource-policy"]) {
      expect(api.headers.get(name)).toBeTruthy();
      expect(res.headers.get(name)).toBe(api.headers.get(name));
    }
  });

  it("answers exactly as the fastify route does (inject bypasses the lane)", async () => {
    const viaFastify = await hub.app.inject({
      method: "POST",
      url: "/mcp",
      headers: { ...MCP_HEADERS, authorization: `Bearer ${hub.token}`, "mcp-session-id": session },
      payload: listTools(2),
    });
    const viaLane = await post(listTools(2));
    expect(viaLane.status).toBe(viaFastify.statusCode);
    expect(await viaLane.json()).toEqual(viaFastify.json());
  });

  it("treats content types as the fastify route does", async () => {
    for (const type of ["text/plain", "text/json", "application/json; charset=utf-8"]) {
      const viaFastify = await hub.app.inject({
        method: "POST",
        url: "/mcp",
        headers: {
          ...MCP_HEADERS,
          authorization: `Bearer ${hub.token}`,
          "mcp-session-id": session,
          "content-type": type,
        },
        payload: listTools(8),
      });
      const viaLane = await post(listTools(8), { "content-type": type });
      expect([type, viaLane.status]).toEqual([type, viaFastify.statusCode]);
      expect(await viaLane.json()).toEqual(viaFastify.json());
    }
    // Without a session (fastify's route only): the content type is refused before anything else, as the SDK does.
    const opening = await fetch(`${hub.url}/mcp`, {
      method: "POST",
      headers: { ...MCP_HEADERS, authorization: `Bearer ${hub.token}`, "content-type": "text/json" },
      body: JSON.stringify(INITIALIZE),
    });
    expect(opening.status).toBe(415);
    expect(((await opening.json()) as { error: { message: string } }).error.message).toMatch(
      /Content-Type must be application\/json/,
    );
  });

  it("refuses a wrong token (401) and a foreign Host (403) before reading the call", async () => {
    const wrong = await post(listTools(3), { authorization: "Bearer nope" });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get("www-authenticate")).toMatch(/^Bearer/);
    expect(((await wrong.json()) as { error: { message: string } }).error.message).toMatch(/invalid token/);
    // fetch may not set Host; node's http client may.
    const foreign = await rawRequest(`${hub.url}/mcp`, {
      method: "POST",
      headers: {
        ...MCP_HEADERS,
        authorization: `Bearer ${hub.token}`,
        "mcp-session-id": session,
        host: "evil.example",
      },
      body: listTools(3),
    });
    expect(foreign.status).toBe(403);
  });

  it("gives JSON-RPC errors for bad JSON, an unknown session, an unknown server and an oversized body", async () => {
    const bad = await post("{not json");
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: number } }).error.code).toBe(-32700);

    const lost = await post(listTools(4), { "mcp-session-id": "no-such-session" });
    expect(lost.status).toBe(404);
    expect(((await lost.json()) as { error: { message: string } }).error.message).toMatch(
      /Session not found/,
    );

    const server = await post(listTools(5), {}, "/servers/nope/mcp");
    expect(server.status).toBe(404);
    expect(((await server.json()) as { error: { message: string } }).error.message).toBe("No such server");

    const huge = await post(
      JSON.stringify({ jsonrpc: "2.0", id: 6, method: "x", params: { pad: "x".repeat(9e6) } }),
    );
    expect(huge.status).toBe(413);
    expect(((await huge.json()) as { error: { code: number } }).error.code).toBe(-32600);
  });

  it("still serves the session afterwards", async () => {
    const res = await post(listTools(7));
    expect(res.status).toBe(200);
    expect(((await res.json()) as { id: number }).id).toBe(7);
  });
});

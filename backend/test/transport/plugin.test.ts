import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { sseTransport } from "../support/mcpClient.js";
import { startLocalHub, type LocalHub } from "../support/localHub.js";

const VERSION = "2025-11-25";
const MCP_HEADERS = {
  "content-type": "application/json",
  accept: "application/json, text/event-stream",
  "mcp-protocol-version": VERSION,
};
const PARAMS = {
  protocolVersion: VERSION,
  capabilities: {},
  clientInfo: { name: "plugin-test", version: "1" },
};
/** helmet's, which every answer of the hub carries (app.ts). */
const SECURITY_HEADERS = ["x-content-type-options", "x-frame-options", "cross-origin-resource-policy"];

/**
 * The MCP endpoints as the plugin registers them, answered by the hub in this process (no Docker engine, no
 * servers: nothing here needs one).
 */
describe("MCP endpoints", () => {
  let hub: LocalHub;
  const auth = () => ({ authorization: `Bearer ${hub.token}` });
  const post = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${hub.url}/mcp`, {
      method: "POST",
      headers: { ...MCP_HEADERS, ...auth(), ...headers },
      body: JSON.stringify(body),
    });
  async function openSession(): Promise<string> {
    const res = await post({ jsonrpc: "2.0", id: 0, method: "initialize", params: PARAMS });
    expect(res.status).toBe(200);
    await res.text();
    return res.headers.get("mcp-session-id")!;
  }

  beforeAll(async () => {
    hub = await startLocalHub();
  });
  afterAll(async () => {
    await hub?.dispose();
  });

  it("answers PUT and PATCH 405 with the allowed methods and a JSON-RPC error, on every MCP path", async () => {
    const session = await openSession();
    const cases = [
      ["PUT", "/mcp", {}],
      ["PATCH", "/mcp", { "mcp-session-id": session }],
      ["PUT", "/servers/any/mcp", {}],
      ["PATCH", "/servers/any/mcp", {}],
    ] as const;
    for (const [method, path, headers] of cases) {
      const res = await fetch(`${hub.url}${path}`, {
        method,
        headers: { ...MCP_HEADERS, ...auth(), ...headers },
        body: "{}",
      });
      expect([method, path, res.status, res.headers.get("allow")]).toEqual([
        method,
        path,
        405,
        "GET, POST, DELETE",
      ]);
      expect(await res.json()).toEqual({
        jsonrpc: "2.0",
        id: null,
        error: { code: -32000, message: "Method not allowed: use GET, POST, DELETE" },
      });
    }
    // The token is still checked first.
    expect((await fetch(`${hub.url}/mcp`, { method: "PUT", body: "{}" })).status).toBe(401);
  });

  it("answers an initialize without params -32602 and one line, with or without a session", async () => {
    const expected = (id: number) => ({
      jsonrpc: "2.0",
      id,
      error: { code: -32602, message: "initialize: params.protocolVersion is required" },
    });
    const opening = await post({ jsonrpc: "2.0", id: 1, method: "initialize" });
    expect(opening.status).toBe(400);
    expect(opening.headers.get("mcp-session-id")).toBeNull();
    expect(await opening.json()).toEqual(expected(1));

    const session = await openSession();
    const again = await post({ jsonrpc: "2.0", id: 2, method: "initialize" }, { "mcp-session-id": session });
    expect(again.status).toBe(400);
    expect(await again.json()).toEqual(expected(2));
  });

  it("tells a 2026-07-28 client sending initialize that it needs none", async () => {
    const meta = {
      "io.modelcontextprotocol/protocolVersion": "2026-07-28",
      "io.modelcontextprotocol/clientCapabilities": {},
    };
    const res = await post(
      { jsonrpc: "2.0", id: 3, method: "initialize", params: { _meta: meta } },
      { "mcp-protocol-version": "2026-07-28", "mcp-method": "initialize" },
    );
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      id: 3,
      error: {
        code: -32602,
        message: expect.stringMatching(
          /^initialize: params\.protocolVersion is required \(2026-07-28 .*no initialize/,
        ),
      },
    });
  });

  it("answers an initialize without params -32602 on the legacy SSE stream too", async () => {
    const transport = sseTransport(`${hub.url}/sse`, { token: hub.token });
    const received: JSONRPCMessage[] = [];
    transport.onmessage = (message) => void received.push(message);
    await transport.start();
    try {
      await transport.send({ jsonrpc: "2.0", id: 4, method: "initialize" } as JSONRPCMessage);
      await vi.waitFor(() =>
        expect(received).toEqual([
          {
            jsonrpc: "2.0",
            id: 4,
            error: { code: -32602, message: "initialize: params.protocolVersion is required" },
          },
        ]),
      );
    } finally {
      await transport.close();
    }
  });

  it("opens event streams with the one event-stream head and keeps helmet's headers on hijacked replies", async () => {
    const session = await openSession();
    const abort = new AbortController();
    const streams = {
      "GET /mcp": await fetch(`${hub.url}/mcp`, {
        headers: { ...auth(), accept: "text/event-stream", "mcp-session-id": session },
        signal: abort.signal,
      }),
      "GET /api/events": await fetch(`${hub.url}/api/events`, { headers: auth(), signal: abort.signal }),
    };
    try {
      for (const [name, res] of Object.entries(streams)) {
        expect([name, res.status]).toEqual([name, 200]);
        expect(Object.fromEntries(res.headers)).toMatchObject({
          "content-type": "text/event-stream",
          "cache-control": "no-cache, no-transform",
          "x-accel-buffering": "no",
        });
        for (const header of SECURITY_HEADERS)
          expect([name, header, res.headers.get(header)]).not.toContain(null);
      }
      expect(streams["GET /mcp"].headers.get("mcp-session-id")).toBe(session);
    } finally {
      abort.abort();
    }
  });
});

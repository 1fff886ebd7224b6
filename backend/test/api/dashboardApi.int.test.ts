/**
 * The REST endpoints the dashboard adds (settings, token rotation, try-it) and the dashboard itself, on a real
 * in-process hub with a real MCP server (the fixture over Streamable HTTP, as a remote server).
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startHubProcess, type RunningHub } from "../../src/hubProcess.js";
import { createFixtureServer } from "../fixtures/fixtureServer.js";
import {
  LOOPBACK_HOSTNAMES,
  startStreamableHttpHost,
  type StreamableHttpHost,
} from "../fixtures/streamableHttpHost.js";
import { dockerAvailable, runId, TEST_LABEL } from "../support/docker.js";

describe.skipIf(!dockerAvailable())("dashboard API on a running hub", () => {
  let fixture: StreamableHttpHost;
  let running: RunningHub;
  let base: string;
  const uiDir = mkdtempSync(join(tmpdir(), "mcp-hub-ui-"));
  const auth = () => ({ authorization: `Bearer ${running.token}` });
  const api = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: {
        ...auth(),
        ...(body === undefined ? {} : { "content-type": "application/json" }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    const json = response.headers.get("content-type")?.startsWith("application/json");
    return {
      status: response.status,
      text,
      body: json ? (JSON.parse(text) as Record<string, unknown>) : undefined,
    };
  };

  beforeAll(async () => {
    writeFileSync(
      join(uiDir, "index.html"),
      '<!doctype html><script type="module" src="./assets/app-1.js"></script>',
    );
    mkdirSync(join(uiDir, "assets"));
    writeFileSync(join(uiDir, "assets", "app-1.js"), "console.log('ui')");
    fixture = await startStreamableHttpHost({
      port: 0,
      host: "127.0.0.1",
      createServer: createFixtureServer,
      allowedHostnames: LOOPBACK_HOSTNAMES,
    });
    running = await startHubProcess({
      dataDir: mkdtempSync(join(tmpdir(), "mcp-hub-data-")),
      host: "127.0.0.1",
      port: 0,
      log: pino({ level: "silent" }),
      // A selector nobody else uses: this hub adopts no neighbour's containers (it creates none anyway).
      containerLabels: { [TEST_LABEL]: `${runId()}-dashboard-api` },
      uiDir,
    });
    base = running.url;
    const added = await api("POST", "/api/servers", {
      kind: "remote",
      name: "fx",
      url: `http://127.0.0.1:${fixture.port}/mcp`,
    });
    expect(added.status, added.text).toBe(201);
    await vi.waitFor(
      async () => expect((await api("GET", "/api/servers/fx/tools")).body?.tools).toBeTruthy(),
      {
        timeout: 20_000,
      },
    );
  });

  afterAll(async () => {
    await running?.close();
    await fixture?.close();
  });

  describe("dashboard", () => {
    it("serves index.html at / without a token, and its assets", async () => {
      const index = await fetch(`${base}/`);
      expect(index.status).toBe(200);
      expect(index.headers.get("content-type")).toMatch(/^text\/html/);
      expect(index.headers.get("cache-control")).toBe("no-cache");
      expect(await index.text()).toContain("./assets/app-1.js");
      const asset = await fetch(`${base}/assets/app-1.js`);
      expect(asset.status).toBe(200);
      expect(asset.headers.get("cache-control")).toContain("immutable");
    });

    it("keeps the API behind the token", async () => {
      expect((await fetch(`${base}/api/status`)).status).toBe(401);
    });
  });

  describe("settings", () => {
    it("reads and updates the call timeout and read-only flag, and persists them", async () => {
      // This hub keeps no registry (no HUB_REGISTRY_IMAGE), and no registry port was chosen.
      const registry = { state: "disabled" };
      expect((await api("GET", "/api/settings")).body).toEqual({
        settings: { callTimeoutMs: 60_000, readOnly: false, hubPort: expect.any(Number), registry },
      });
      const put = await api("PUT", "/api/settings", { callTimeoutMs: 90_000, readOnly: true });
      expect(put.body).toEqual({
        settings: { callTimeoutMs: 90_000, readOnly: true, hubPort: expect.any(Number), registry },
      });
      expect((await api("GET", "/api/settings")).body?.settings).toMatchObject({
        callTimeoutMs: 90_000,
        readOnly: true,
      });
      await api("PUT", "/api/settings", { callTimeoutMs: 60_000, readOnly: false });
    });

    it("refuses fields it cannot change and out-of-range values, naming the field", async () => {
      const unknown = await api("PUT", "/api/settings", { hubPort: 4000 });
      expect(unknown.status).toBe(400);
      expect(unknown.body?.message).toMatch(/hubPort/);
      const port = await api("PUT", "/api/settings", { registryPort: 70_000 });
      expect(port.status).toBe(400);
      expect(port.body?.message).toMatch(/registryPort/);
      const low = await api("PUT", "/api/settings", { callTimeoutMs: 5 });
      expect(low.status).toBe(400);
      expect(low.body?.message).toMatch(/callTimeoutMs/);
    });
  });

  describe("try-it", () => {
    it("calls a tool through the hub and returns the result as JSON (what Docker Desktop uses)", async () => {
      const call = await api("POST", "/api/servers/fx/tools/echo/call", { arguments: { text: "hi" } });
      expect(call.status).toBe(200);
      expect(call.body).toMatchObject({ outcome: "ok", result: { content: [{ type: "text" }] } });
      expect(JSON.stringify(call.body)).toContain("hi");
      // It went through the hub like any client's call: it is in the audit log as the dashboard's.
      await vi.waitFor(async () => {
        const events = (await api("GET", "/api/audit?server=fx")).body?.events as {
          client?: string;
          name?: string;
          transport?: string;
        }[];
        expect(events).toContainEqual(
          expect.objectContaining({ client: "dashboard", name: "echo", transport: "dashboard" }),
        );
      });
    });

    it("streams progress as server-sent events when asked to", async () => {
      const call = await api(
        "POST",
        "/api/servers/fx/tools/progress/call",
        { arguments: { steps: 3, delayMs: 10 } },
        { accept: "text/event-stream" },
      );
      expect(call.status).toBe(200);
      const events = call.text
        .split("\n\n")
        .filter(Boolean)
        .map((block) => ({
          event: /^event: (.*)$/m.exec(block)?.[1],
          data: JSON.parse(/^data: (.*)$/m.exec(block)?.[1] ?? "null"),
        }));
      expect(events.filter((e) => e.event === "progress").map((e) => e.data.progress)).toEqual([1, 2, 3]);
      expect(events.at(-1)).toMatchObject({ event: "result", data: { outcome: "ok" } });
    });

    it("applies the hub's call timeout and reports it as the outcome, not as an HTTP error", async () => {
      await api("PUT", "/api/settings", { callTimeoutMs: 300 });
      try {
        const call = await api("POST", "/api/servers/fx/tools/hang/call", {});
        expect(call.status).toBe(200);
        expect(call.body).toMatchObject({
          outcome: "timeout",
          error: { message: expect.stringMatching(/300 ms/) },
        });
      } finally {
        await api("PUT", "/api/settings", { callTimeoutMs: 60_000 });
      }
    });

    it("answers 404 for an unknown tool or server", async () => {
      const tool = await api("POST", "/api/servers/fx/tools/nope/call", {});
      expect(tool.status).toBe(404);
      expect(tool.body?.error).toBe("tool_not_found");
      expect((await api("POST", "/api/servers/ghost/tools/echo/call", {})).status).toBe(404);
    });
  });

  describe("token rotation", () => {
    it("issues a new token that works at once, and the old one stops working", async () => {
      const old = running.token;
      const rotated = await api("POST", "/api/token/rotate");
      expect(rotated.status).toBe(200);
      const token = rotated.body?.token as string;
      expect(token).toMatch(/^[A-Za-z0-9_-]{40,}$/);
      expect(token).not.toBe(old);
      const withOld = await fetch(`${base}/api/status`, { headers: { authorization: `Bearer ${old}` } });
      expect(withOld.status).toBe(401);
      const withNew = await fetch(`${base}/api/status`, { headers: { authorization: `Bearer ${token}` } });
      expect(withNew.status).toBe(200);
    });
  });
});

/**
 * Shared steps of the hub-container suites (test/hub, test/api, test/cli): start a hub whose server containers
 * are removed with it, add servers through the REST API, wait for a state, send raw HTTP.
 */
import { request as httpRequest } from "node:http";
import { expect, vi } from "vitest";
import { removeLabelled } from "../support/docker.js";
import { startHubContainer, type HubContainer } from "../support/hubContainer.js";
import { docker } from "../support/images.js";

export interface ServerView {
  name: string;
  kind: string;
  transport: string;
  state: string;
  restarts: number;
  breaker: string;
  lastError?: string;
  containerId?: string;
  counts: { tools: number };
  config: Record<string, unknown> | null;
}

export interface TestHub extends HubContainer {
  /** POST /api/servers and expect 201; returns the view. */
  addServer(config: Record<string, unknown>): Promise<ServerView>;
  server(name: string): Promise<ServerView>;
  /** Polls GET /api/servers/<name> until `check` passes. */
  waitForServer(name: string, check: (view: ServerView) => void, timeoutMs?: number): Promise<ServerView>;
  /** Containers carrying this hub's selector label (its servers, plus what a test labels the same way). */
  containers(filter?: string[]): Promise<string[]>;
  /** Removes the hub and every container labelled with its selector. */
  dispose(): Promise<void>;
}

export async function startTestHub(options: Parameters<typeof startHubContainer>[0] = {}): Promise<TestHub> {
  const hub = await startHubContainer(options);
  const server = async (name: string) => {
    const res = await hub.api<ServerView>("GET", `/servers/${name}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body;
  };
  return Object.assign(hub, {
    async addServer(config: Record<string, unknown>) {
      const res = await hub.api<ServerView>("POST", "/servers", config);
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return res.body;
    },
    server,
    async waitForServer(name: string, check: (view: ServerView) => void, timeoutMs = 30_000) {
      let last: ServerView | undefined;
      await vi.waitFor(
        async () => {
          last = await server(name);
          check(last);
        },
        { timeout: timeoutMs, interval: 200 },
      );
      return last!;
    },
    async containers(filter: string[] = []) {
      const res = await docker([
        "ps",
        "-aq",
        "--no-trunc",
        "--filter",
        `label=mcp-hub.test=${hub.selector}`,
        ...filter.flatMap((f) => ["--filter", f]),
      ]);
      return res.stdout.split("\n").filter(Boolean);
    },
    async dispose() {
      await hub.remove();
      await removeLabelled(hub.selector);
    },
  });
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  json<T = unknown>(): T;
}

/** HTTP without fetch's rules: any Host header, any body bytes. */
export function rawRequest(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: options.method ?? "GET", headers: options.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const body = Buffer.concat(chunks).toString("utf8");
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body,
          json: <T>() => JSON.parse(body) as T,
        });
      });
      res.on("error", reject);
    });
    req.setTimeout(15_000, () => req.destroy(new Error(`no answer from ${url} within 15 s`)));
    req.on("error", reject);
    req.end(options.body);
  });
}

/** The MCP initialize request body a client sends first. */
export const INITIALIZE = {
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: {
    protocolVersion: "2025-06-18",
    capabilities: {},
    clientInfo: { name: "raw-test", version: "1.0.0" },
  },
};

export const MCP_HEADERS = {
  "content-type": "application/json",
  accept: "application/json, text/event-stream",
};

/** The text of a tool result's text content blocks, joined. */
export function textOf(result: unknown): string {
  const content = (result as { content?: { type: string; text?: string }[] }).content ?? [];
  return content.map((c) => c.text ?? "").join("");
}

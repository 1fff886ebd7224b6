/**
 * A real hub process for REST tests that need no Docker engine: DOCKER_HOST points at a closed port (the hub stays
 * up without an engine), its one server is the fixture MCP server over Streamable HTTP (a remote server), and a
 * temp dir plays the user's home for /api/clients.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { startHubProcess, type RunningHub } from "../../src/hubProcess.js";
import { createFixtureServer } from "../fixtures/fixtureServer.js";
import { LOOPBACK_HOSTNAMES, startStreamableHttpHost } from "../fixtures/streamableHttpHost.js";

export const USER_HOME = "/home/alice";
export const CLAUDE_CONFIG = ".config/Claude/claude_desktop_config.json";

export interface ApiResponse {
  status: number;
  headers: Headers;
  text: string;
  body: unknown;
}

export interface ApiHub {
  hub: RunningHub;
  /** The fixture's MCP endpoint (for a remote server's url). */
  fixtureUrl: string;
  /** Plays the user's home directory (HUB_HOST_HOME). */
  hostHome: string;
  api(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<ApiResponse>;
  close(): Promise<void>;
}

export async function startApiHub(): Promise<ApiHub> {
  const fixture = await startStreamableHttpHost({
    port: 0,
    host: "127.0.0.1",
    createServer: createFixtureServer,
    allowedHostnames: LOOPBACK_HOSTNAMES,
  });
  const hostHome = mkdtempSync(join(tmpdir(), "mcp-hub-home-"));
  mkdirSync(join(hostHome, ".config/Claude"), { recursive: true });
  writeFileSync(join(hostHome, CLAUDE_CONFIG), '{ "mcpServers": {} }\n');
  const dataDir = mkdtempSync(join(tmpdir(), "mcp-hub-api-"));
  // Read once, when the app is built: the hub's engine and the user's home it edits client configs in.
  const env = {
    DOCKER_HOST: "tcp://127.0.0.1:1",
    HUB_HOST_HOME: hostHome,
    HUB_HOST_PLATFORM: "linux",
    HUB_HOST_USER_HOME: USER_HOME,
  };
  const previous = Object.fromEntries(Object.keys(env).map((key) => [key, process.env[key]]));
  Object.assign(process.env, env);
  let hub: RunningHub;
  try {
    hub = await startHubProcess({
      dataDir,
      host: "127.0.0.1",
      port: 0,
      log: pino({ level: "silent" }),
      supervision: { backoffInitialMs: 50, backoffMaxMs: 200 },
      builtins: [], // the routes' own servers only (the registry's routes are tested against a real registry)
    });
  } finally {
    for (const [key, value] of Object.entries(previous))
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
  }

  const api: ApiHub["api"] = async (method, path, body, headers = {}) => {
    const response = await fetch(`${hub.url}/api${path}`, {
      method,
      headers: {
        authorization: `Bearer ${hub.token}`,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
    const text = await response.text();
    const json = response.headers.get("content-type")?.startsWith("application/json");
    return {
      status: response.status,
      headers: response.headers,
      text,
      body: json ? JSON.parse(text) : undefined,
    };
  };

  return {
    hub,
    fixtureUrl: `http://127.0.0.1:${fixture.port}/mcp`,
    hostHome,
    api,
    async close() {
      await hub.close();
      await fixture.close();
      rmSync(dataDir, { recursive: true, force: true });
      rmSync(hostHome, { recursive: true, force: true });
    },
  };
}

import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { errorBodySchema } from "@mcp-hub/contracts";
import { connectStreamableHttp } from "../support/mcpClient.js";
import { docker, TEST_IMAGES } from "../support/images.js";
import { INITIALIZE, MCP_HEADERS, rawRequest, startTestHub, type TestHub } from "../hub/hubKit.js";

const docker_ = inject("mcpHubTestDocker");

/** The guard in front of every endpoint: token, Host/Origin, rate and size limits; secrets never leak. */
describe.skipIf(!docker_)("security of the hub container", () => {
  let hub: TestHub;
  const authed = () => ({ authorization: `Bearer ${hub.token}` });

  beforeAll(async () => {
    // Debug logging: a secret that leaks into any log line at all shows up here.
    hub = await startTestHub({ env: { LOG_LEVEL: "debug" } });
  });

  afterAll(async () => {
    await hub?.dispose();
  });

  const entryPoints = [
    { name: "/mcp", path: "/mcp", method: "POST", body: JSON.stringify(INITIALIZE) },
    { name: "/sse", path: "/sse", method: "GET" },
    { name: "/api", path: "/api/status", method: "GET" },
  ];

  for (const entry of entryPoints) {
    it(`${entry.name} refuses a missing or wrong token with 401`, async () => {
      const send = (headers: Record<string, string>) =>
        rawRequest(`${hub.url}${entry.path}`, {
          method: entry.method,
          headers: { ...MCP_HEADERS, ...headers },
          body: entry.body,
        });
      const missing = await send({});
      expect(missing.status).toBe(401);
      expect(missing.headers["www-authenticate"]).toMatch(/^Bearer/);
      expect((await send({ authorization: "Bearer not-the-token" })).status).toBe(401);
      expect((await send({ authorization: hub.token })).status).toBe(401); // no "Bearer " scheme
    });

    it(`${entry.name} refuses a foreign Host or Origin with 403, token or not`, async () => {
      const send = (headers: Record<string, string>) =>
        rawRequest(`${hub.url}${entry.path}`, {
          method: entry.method,
          headers: { ...MCP_HEADERS, ...authed(), ...headers },
          body: entry.body,
        });
      expect((await send({ host: "evil.example" })).status).toBe(403);
      expect((await send({ host: "evil.example:3010" })).status).toBe(403);
      expect((await send({ origin: "http://evil.example" })).status).toBe(403);
    });
  }

  it("accepts a loopback Origin with the token", async () => {
    const res = await rawRequest(`${hub.url}/api/status`, {
      headers: { ...authed(), origin: "http://localhost:3010" },
    });
    expect(res.status).toBe(200);
  });

  it("answers /health/live and /health/ready without a token", async () => {
    expect((await rawRequest(`${hub.url}/health/live`)).status).toBe(200);
    const ready = await rawRequest(`${hub.url}/health/ready`);
    expect(ready.status).toBe(200);
    expect(ready.json()).toEqual({ status: "ready" });
  });

  it("refuses an /api body over its cap with 413", async () => {
    const res = await rawRequest(`${hub.url}/api/servers`, {
      method: "POST",
      headers: { ...authed(), "content-type": "application/json" },
      body: JSON.stringify({ name: "big", kind: "image", image: "x", description: "y".repeat(300 * 1024) }),
    });
    expect(res.status).toBe(413);
    expect((await hub.api("GET", "/servers/big")).status).toBe(404);
  });

  it("puts a secret in the server container's Env and nowhere else", async () => {
    const value = `s3cret-${randomBytes(12).toString("hex")}`;
    expect((await hub.api("PUT", "/secrets/FX_API_KEY", { value })).status).toBe(204);
    const added = await hub.addServer({
      name: "sec",
      kind: "image",
      image: TEST_IMAGES.fixture,
      secrets: ["FX_API_KEY"],
    });
    expect(added.state).toBe("ready");

    const inspect = await docker(["inspect", added.containerId!]);
    const [container] = JSON.parse(inspect.stdout) as {
      Path: string;
      Args: string[];
      Config: { Env: string[]; Cmd: string[] | null; Entrypoint: string[] | null; Labels: object };
    }[];
    expect(container!.Config.Env).toContain(`FX_API_KEY=${value}`);
    const { Env: _env, ...configWithoutEnv } = container!.Config;
    const notEnv = JSON.stringify({ path: container!.Path, args: container!.Args, configWithoutEnv });
    expect(notEnv).not.toContain(value);

    // Exercise the server so calls, audit and logs have something to say.
    const c = await connectStreamableHttp(`${hub.url}/mcp`, { token: hub.token });
    await c.client.callTool({ name: "sec__whoami", arguments: {} });
    await c.client.callTool({ name: "sec__crash", arguments: {} }).catch(() => undefined);
    await hub.waitForServer("sec", (v) => expect(v.state).toBe("ready"));
    await c.close();

    const outputs = await Promise.all(
      [
        "/status",
        "/servers",
        "/servers/sec",
        "/servers/sec/logs",
        "/servers/sec/tools",
        "/secrets",
        "/audit",
        "/settings",
      ].map(async (path) => ({ path, body: JSON.stringify((await hub.api("GET", path)).body) })),
    );
    expect(outputs.find((o) => o.path === "/secrets")?.body).toContain("FX_API_KEY");
    for (const output of outputs) expect(output.body, output.path).not.toContain(value);
    const logs = await hub.logs();
    expect(logs).toContain("sec"); // debug logs did talk about the server
    expect(logs).not.toContain(value);
    expect(readFileSync(join(hub.dataDir, "audit.jsonl"), "utf8")).not.toContain(value);
    expect(readFileSync(join(hub.dataDir, "hub.json"), "utf8")).not.toContain(value);
  });
});

describe.skipIf(!docker_)("REST API rate limit (HUB_API_RATE_LIMIT)", () => {
  let hub: TestHub;

  beforeAll(async () => {
    hub = await startTestHub({ env: { HUB_API_RATE_LIMIT: "5" } });
  });

  afterAll(async () => {
    await hub?.dispose();
  });

  it("answers 429 past the configured number of requests per minute", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await hub.api("GET", "/status")).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
    const limited = await hub.api("GET", "/status");
    expect(errorBodySchema.parse(limited.body)).toMatchObject({ error: "rate_limited" });
    // Health and MCP are not behind the API's limit.
    expect((await rawRequest(`${hub.url}/health/ready`)).status).toBe(200);
  });
});

import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { AuthorizationStart, ServerView } from "@mcp-hub/contracts";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { ElicitRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startTestHub, type TestHub } from "../hub/hubKit.js";
import { connectStreamableHttp, type ConnectedClient } from "../support/mcpClient.js";
import { docker } from "../support/images.js";
import { freePort } from "../support/ports.js";
import { startOAuthContainer, type OAuthContainer } from "./oauthContainer.js";
import { consent, oauthStats, revokeAllAtProvider } from "./oauthKit.js";

const ACCESS_TTL_S = 8; // renewed every 6 s: several renewals within the test
const PRE = { clientId: "hub-pre-registered", clientSecret: "pre-client-secret-7f3a9c" };

/**
 * A remote MCP server behind OAuth, with a real authorization server (the SDK's server-side auth, in a container),
 * through the hub container: its REST API, its CLI, its /mcp endpoint and its callback.
 */
describe.skipIf(!inject("mcpHubTestDocker"))("OAuth for remote servers through the hub container", () => {
  let hub: TestHub;
  let provider: OAuthContainer;
  let hubPort: number;
  let client: ConnectedClient;
  const events: string[] = [];
  const stopEvents = new AbortController();
  /** Every token and secret the hub has held: none may show up anywhere but oauth.json and secrets.json. */
  const secrets = new Set<string>([PRE.clientSecret]);

  const view = async (name: string) => (await hub.api<ServerView>("GET", `/servers/${name}`)).body;
  /** A call through the hub's /mcp: the tool's text, or the error the hub answered instead. */
  const whoami = async (server: string) => {
    try {
      const result = await client.client.callTool({ name: `${server}__whoami`, arguments: {} });
      return { isError: result.isError, text: (result.content as { text: string }[])[0]?.text ?? "" };
    } catch (error) {
      return { isError: true, text: (error as Error).message };
    }
  };
  const collectTokens = async () => {
    const file = JSON.parse(await readFile(join(hub.dataDir, "oauth.json"), "utf8")) as {
      servers: Record<string, { tokens?: { access_token: string; refresh_token?: string } }>;
    };
    for (const record of Object.values(file.servers)) {
      if (record.tokens?.access_token) secrets.add(record.tokens.access_token);
      if (record.tokens?.refresh_token) secrets.add(record.tokens.refresh_token);
    }
  };
  /** The browser's part: consent at the provider, then follow its redirect to the hub's callback. */
  const authorizeAt = async (page: AuthorizationStart) => {
    const back = await consent(page.authorizationUrl);
    expect(back.origin).toBe(`http://127.0.0.1:${hubPort}`);
    secrets.add(back.searchParams.get("code") ?? "");
    const res = await fetch(back);
    return { status: res.status, html: await res.text(), back };
  };

  beforeAll(async () => {
    hubPort = await freePort();
    provider = await startOAuthContainer({
      accessTtlSeconds: ACCESS_TTL_S,
      preRegistered: { ...PRE, redirectUri: `http://127.0.0.1:${hubPort}/oauth/callback` },
    });
    hub = await startTestHub({ publicPort: hubPort });
    client = await connectStreamableHttp(`${hub.url}/mcp`, { token: hub.token });
    void fetch(`${hub.url}/api/events`, {
      headers: { authorization: `Bearer ${hub.token}` },
      signal: stopEvents.signal,
    })
      .then(async (res) => {
        for await (const chunk of res.body as AsyncIterable<Uint8Array>)
          events.push(Buffer.from(chunk).toString());
      })
      .catch(() => undefined);
  });
  afterAll(async () => {
    stopEvents.abort();
    await client?.close();
    await hub?.dispose();
    await provider?.remove();
  });

  it("waits for authorization, then discovers, registers, authorizes and serves calls through /mcp", async () => {
    await hub.addServer({ name: "tracker", kind: "remote", url: provider.mcpUrl });
    const waiting = await hub.waitForServer("tracker", (v) => expect(v.state).toBe("needs-authorization"));
    expect(waiting.lastError).toBeDefined();
    expect((await view("tracker")).authorization).toMatchObject({ status: "required", client: "dynamic" });

    const start = await hub.api<AuthorizationStart>("POST", "/servers/tracker/auth");
    expect(start.status).toBe(200);
    expect(start.body).toMatchObject({
      server: "tracker",
      authorizationServer: `${provider.issuer}/`,
      scopes: ["mcp:tools"],
      redirectUri: `http://127.0.0.1:${hubPort}/oauth/callback`,
    });
    const page = await authorizeAt(start.body);
    expect(page.status).toBe(200);
    expect(page.html).toContain("tracker is authorized");
    await hub.waitForServer("tracker", (v) => expect(v.state).toBe("ready"));
    expect(await whoami("tracker")).toEqual({
      isError: undefined,
      text: expect.stringMatching(/scopes mcp:tools$/),
    });
    const auth = (await view("tracker")).authorization;
    expect(auth).toMatchObject({ status: "authorized", refreshable: true, scopes: ["mcp:tools"] });
    expect(auth?.expiresAt).toBeDefined();
    expect(await oauthStats(provider.issuer)).toMatchObject({ registrations: 1, authorizations: 1 });
    await collectTokens();

    // The same callback again, and a forged one: refused, and the server stays as it is.
    const replay = await fetch(page.back);
    expect(replay.status).toBe(400);
    const forged = await fetch(`http://127.0.0.1:${hubPort}/oauth/callback?state=forged&code=stolen`);
    expect(forged.status).toBe(400);
    expect((await view("tracker")).state).toBe("ready");
  });

  it("renews the access token before it expires while a client keeps calling", async () => {
    const before = (await oauthStats(provider.issuer)).refreshes;
    const deadline = Date.now() + (ACCESS_TTL_S * 2 + 2) * 1000;
    // Calls across two token lifetimes all succeed: the client never notices a renewal.
    while (Date.now() < deadline) {
      expect((await whoami("tracker")).isError).toBeUndefined();
      await collectTokens();
      await new Promise((resolve) => setTimeout(resolve, 500)); // a client's pace, not a wait for a condition
    }
    expect((await oauthStats(provider.issuer)).refreshes).toBeGreaterThanOrEqual(before + 2);
    expect((await view("tracker")).authorization?.lastRefreshAt).toBeDefined();
  });

  it("keeps the authorization across a hub restart", async () => {
    await hub.restart();
    await client.close();
    client = await connectStreamableHttp(`${hub.url}/mcp`, { token: hub.token });
    await hub.waitForServer("tracker", (v) => expect(v.state).toBe("ready"));
    expect((await whoami("tracker")).isError).toBeUndefined();
    expect((await oauthStats(provider.issuer)).authorizations).toBe(1);
  });

  it("turns to needs-authorization when the provider revokes the grant, and comes back through the CLI", async () => {
    await revokeAllAtProvider(provider.issuer);
    const waiting = await hub.waitForServer(
      "tracker",
      (v) => expect(v.state).toBe("needs-authorization"),
      ACCESS_TTL_S * 2000,
    );
    expect(waiting.lastError).toMatch(/invalid_grant/);
    const failed = await whoami("tracker");
    expect(failed.isError).toBe(true);
    expect(failed.text).toMatch(/needs authorization .*mcp-hub server auth tracker/);

    const cli = await hub.cli(["server", "auth", "tracker", "--no-wait", "--json"]);
    expect(cli.code, cli.stderr).toBe(0);
    expect((await authorizeAt(JSON.parse(cli.stdout) as AuthorizationStart)).status).toBe(200);
    await hub.waitForServer("tracker", (v) => expect(v.state).toBe("ready"));
    expect((await whoami("tracker")).isError).toBeUndefined();
    await collectTokens();
  });

  it("uses a pre-registered client added with `server add --oauth-client-id`, its secret in the secret store", async () => {
    const secret = await hub.api("PUT", "/secrets/PRE_CLIENT_SECRET", { value: PRE.clientSecret });
    expect(secret.status).toBe(204);
    const add = await hub.cli([
      ...["server", "add", "tracker-pre", "--url", provider.mcpUrl],
      ...["--oauth-client-id", PRE.clientId, "--oauth-client-secret", "PRE_CLIENT_SECRET"],
    ]);
    expect(add.code, add.stderr).toBe(0);
    expect((await view("tracker-pre")).config).toMatchObject({
      oauth: { clientId: PRE.clientId, clientSecret: "PRE_CLIENT_SECRET", resource: true },
    });
    await hub.waitForServer("tracker-pre", (v) => expect(v.state).toBe("needs-authorization"));
    const registrations = (await oauthStats(provider.issuer)).registrations;
    const start = await hub.api<AuthorizationStart>("POST", "/servers/tracker-pre/auth");
    expect(new URL(start.body.authorizationUrl).searchParams.get("client_id")).toBe(PRE.clientId);
    expect((await authorizeAt(start.body)).status).toBe(200);
    await hub.waitForServer("tracker-pre", (v) => expect(v.state).toBe("ready"));
    expect((await whoami("tracker-pre")).text).toBe(`client ${PRE.clientId} scopes mcp:tools`);
    expect((await view("tracker-pre")).authorization?.client).toBe("pre-registered");
    expect((await oauthStats(provider.issuer)).registrations).toBe(registrations);
    await collectTokens();
  });

  it("revokes with `mcp-hub server auth --revoke`: revoked at the provider, the server waits again", async () => {
    const revocations = (await oauthStats(provider.issuer)).revocations;
    const cli = await hub.cli(["server", "auth", "--revoke", "tracker-pre"]);
    expect(cli.code, cli.stderr).toBe(0);
    expect(cli.stdout).toContain("revoked");
    await hub.waitForServer("tracker-pre", (v) => expect(v.state).toBe("needs-authorization"));
    expect((await oauthStats(provider.issuer)).revocations).toBeGreaterThan(revocations);
    const failed = await whoami("tracker-pre");
    expect(failed.text).toMatch(/mcp-hub server auth tracker-pre/);
  });

  it("hands a client that opens URLs the authorization page on a call, and the call goes on once authorized", async () => {
    const asked: string[] = [];
    const opener = new Client(
      { name: "url-opener", version: "1" },
      { capabilities: { elicitation: { url: {} } } },
    );
    opener.setRequestHandler(ElicitRequestSchema, async (request) => {
      const params = request.params as { mode?: string; url?: string; message: string };
      asked.push(params.message);
      if (params.mode !== "url" || !params.url) return { action: "decline" };
      // The user opens the page, allows, and the browser comes back to the hub.
      const back = await consent(params.url);
      secrets.add(back.searchParams.get("code") ?? "");
      expect((await fetch(back)).status).toBe(200);
      return { action: "accept" };
    });
    await opener.connect(
      new StreamableHTTPClientTransport(new URL(`${hub.url}/mcp`), {
        requestInit: { headers: { authorization: `Bearer ${hub.token}` } },
      }),
    );
    try {
      const result = await opener.callTool({ name: "tracker-pre__whoami", arguments: {} });
      expect((result.content as { text: string }[])[0]?.text).toBe(`client ${PRE.clientId} scopes mcp:tools`);
      expect(asked).toEqual([expect.stringMatching(/"tracker-pre" needs your authorization .*mcp:tools/)]);
      expect((await view("tracker-pre")).state).toBe("ready");
      await collectTokens();
    } finally {
      await opener.close();
    }
  });

  it("shows no token or client secret in logs, audit, events, API answers or docker inspect", async () => {
    expect(secrets.size).toBeGreaterThan(4);
    const audit = await hub.api("GET", "/audit?limit=500");
    const servers = await hub.api("GET", "/servers");
    const places: Record<string, string> = {
      logs: await hub.logs(),
      "audit API": JSON.stringify(audit.body),
      "audit file": await readFile(join(hub.dataDir, "audit.jsonl"), "utf8").catch(() => ""),
      events: events.join(""),
      "servers API": JSON.stringify(servers.body),
      "docker inspect": (await docker(["inspect", hub.name])).stdout,
      "state file": await readFile(join(hub.dataDir, "hub.json"), "utf8"),
    };
    expect(places.events).toContain("tracker");
    expect(places["audit API"]).toContain("whoami");
    for (const [where, text] of Object.entries(places))
      for (const value of secrets) expect(text.includes(value), `${where} holds a secret`).toBe(false);
  });
});

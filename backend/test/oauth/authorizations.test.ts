import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { serverConfigSchema, type ServerConfig } from "@mcp-hub/contracts";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createSecretStore } from "../../src/config/index.js";
import { AuthorizationRequired } from "../../src/errors/index.js";
import { createLogger } from "../../src/log/index.js";
import { Authorizations, createAuthorizationStore } from "../../src/oauth/index.js";
import { startOAuthServer, type OAuthServer } from "../fixtures/oauthServer.js";
import { freePort } from "../support/ports.js";
import { consent, oauthStats, revokeAllAtProvider } from "./oauthKit.js";

// A real authorization server and protected MCP server (the SDK's server-side auth) on loopback, in-process.
const HUB_PORT = 47_123; // only names the redirect URI: the test hands the callback over itself
const REDIRECT = `http://127.0.0.1:${HUB_PORT}/oauth/callback`;

let dir: string;
let as: OAuthServer;
let authorizations: Authorizations;
const secrets = () => createSecretStore({ dataDir: dir });

const METADATA_URL = "https://hub.example.com/mcp-hub/client.json";

async function setUp(options: { accessTtlSeconds?: number; pre?: boolean; metadataDocument?: boolean } = {}) {
  const port = await freePort();
  as = await startOAuthServer({
    issuer: `http://127.0.0.1:${port}`,
    port,
    host: "127.0.0.1",
    accessTtlSeconds: options.accessTtlSeconds,
    preRegistered: options.pre
      ? { clientId: "hub-client", clientSecret: "s3cret-value", redirectUri: REDIRECT }
      : undefined,
    // The document the user hosts at METADATA_URL: this server takes it as fetched.
    metadataDocuments: options.metadataDocument
      ? {
          [METADATA_URL]: {
            client_name: "MCP Hub",
            redirect_uris: [REDIRECT],
            token_endpoint_auth_method: "none",
          },
        }
      : undefined,
  });
  await newAuthorizations();
}

/** The hub's side, over the data dir: what a hub process builds at start-up. */
async function newAuthorizations() {
  authorizations = new Authorizations({
    store: createAuthorizationStore({ dataDir: dir }),
    secrets: secrets(),
    publicPort: () => HUB_PORT,
    version: "test",
    log: createLogger({ level: "silent" }),
  });
  await authorizations.load();
}

const remote = (oauth?: object): ServerConfig =>
  serverConfigSchema.parse({ name: "tracker", kind: "remote", url: as.mcpUrl, ...(oauth ? { oauth } : {}) });

/** Start → consent in "the browser" → callback: what Authorize does end to end. */
async function authorize(config: ServerConfig) {
  const page = await authorizations.start(config);
  const back = await consent(page.authorizationUrl);
  expect(back.origin + back.pathname).toBe(REDIRECT);
  const params = Object.fromEntries(back.searchParams);
  const outcome = await authorizations.callback(params.state, { code: params.code, iss: params.iss });
  return { page, params, outcome };
}

async function callWhoami(config: ServerConfig): Promise<string> {
  const client = new Client({ name: "test", version: "1" });
  const transport = new StreamableHTTPClientTransport(new URL(as.mcpUrl), {
    authProvider: authorizations.providerFor(config),
  });
  await client.connect(transport);
  try {
    const result = await client.callTool({ name: "whoami", arguments: {} });
    return (result.content as { text: string }[])[0]?.text ?? "";
  } finally {
    await client.close();
  }
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "mcp-hub-oauth-"));
});
afterEach(async () => {
  authorizations?.close();
  await as?.close();
  await rm(dir, { recursive: true, force: true });
});

describe("OAuth authorizations against a real authorization server", () => {
  it("discovers, registers dynamically, authorizes with PKCE and calls the protected server", async () => {
    await setUp();
    const config = remote();
    expect(authorizations.view(config)?.status).toBe("none");
    // Before authorizing, the transport's connection fails with the error that says how to authorize.
    await expect(callWhoami(config)).rejects.toBeInstanceOf(AuthorizationRequired);
    expect(authorizations.view(config)?.status).toBe("required");

    const authorized = vi.fn();
    authorizations.on("authorized", authorized);
    const { page, params, outcome } = await authorize(config);
    expect(page.authorizationServer).toBe(as.issuer);
    expect(page.scopes).toEqual(["mcp:tools"]);
    const url = new URL(page.authorizationUrl);
    expect(url.searchParams.get("code_challenge_method")).toBe("S256");
    expect(url.searchParams.get("resource")).toBe(as.mcpUrl);
    expect(url.searchParams.get("redirect_uri")).toBe(REDIRECT);
    expect(outcome).toEqual({ outcome: "authorized", server: "tracker" });
    expect(authorized).toHaveBeenCalledWith("tracker");
    expect(await oauthStats(as.issuer)).toMatchObject({ registrations: 1, authorizations: 1 });

    const view = authorizations.view(config);
    expect(view).toMatchObject({
      status: "authorized",
      client: "dynamic",
      scopes: ["mcp:tools"],
      refreshable: true,
    });
    expect(view?.authorizationServer).toBe(as.issuer);
    expect(JSON.stringify(view)).not.toMatch(/access_token|refresh_token/);
    expect(await callWhoami(config)).toMatch(/^client \S+ scopes mcp:tools$/);

    // The state was single-use: the same callback again changes nothing.
    expect(await authorizations.callback(params.state, { code: params.code })).toMatchObject({
      outcome: "refused",
    });
    expect(authorizations.view(config)?.status).toBe("authorized");
  });

  it("keeps tokens 0600 and a restarted hub uses them without authorizing again", async () => {
    await setUp();
    const config = remote();
    await authorize(config);
    const file = join(dir, "oauth.json");
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    authorizations.close();
    await newAuthorizations();
    expect(authorizations.view(config)?.status).toBe("authorized");
    expect(await callWhoami(config)).toContain("scopes mcp:tools");
    expect(await oauthStats(as.issuer)).toMatchObject({ authorizations: 1, registrations: 1 });
  });

  it("refuses a forged or unknown state and changes nothing", async () => {
    await setUp();
    const config = remote();
    const page = await authorizations.start(config);
    const before = await readFile(join(dir, "oauth.json"), "utf8");
    const forged = await authorizations.callback("forged-state", { code: "stolen-code" });
    expect(forged.outcome).toBe("refused");
    expect(await authorizations.callback(undefined, { code: "x" })).toMatchObject({ outcome: "refused" });
    expect(await readFile(join(dir, "oauth.json"), "utf8")).toBe(before);
    expect(authorizations.view(config)?.status).not.toBe("authorized");
    // The real page still works afterwards.
    const back = await consent(page.authorizationUrl);
    const state = back.searchParams.get("state") ?? undefined;
    expect(
      await authorizations.callback(state, { code: back.searchParams.get("code") ?? undefined }),
    ).toMatchObject({
      outcome: "authorized",
    });
  });

  it("renews the access token before it expires, without the caller noticing", async () => {
    await setUp({ accessTtlSeconds: 3 });
    const config = remote();
    await authorize(config);
    const first = authorizations.view(config)?.expiresAt;
    await vi.waitFor(async () => expect((await oauthStats(as.issuer)).refreshes).toBeGreaterThanOrEqual(2), {
      timeout: 10_000,
      interval: 200,
    });
    const view = authorizations.view(config);
    expect(view?.lastRefreshAt).toBeDefined();
    expect(view?.expiresAt).not.toBe(first);
    expect(await callWhoami(config)).toContain("scopes mcp:tools");
  });

  it("turns to needs-authorization with the reason when the provider refuses the refresh token", async () => {
    await setUp({ accessTtlSeconds: 3 });
    const config = remote();
    await authorize(config);
    const required = vi.fn();
    authorizations.on("required", required);
    await revokeAllAtProvider(as.issuer);
    await vi.waitFor(() => expect(required).toHaveBeenCalled(), { timeout: 10_000, interval: 100 });
    expect(required.mock.calls[0]?.[1]).toMatch(/invalid_grant/);
    expect(authorizations.view(config)).toMatchObject({
      status: "required",
      lastError: expect.stringMatching(/invalid_grant/),
    });
    await expect(callWhoami(config)).rejects.toThrow(/mcp-hub server auth tracker/);
    // Authorizing again brings it back.
    expect((await authorize(config)).outcome.outcome).toBe("authorized");
    expect(await callWhoami(config)).toContain("scopes mcp:tools");
  });

  it("uses a pre-registered client with its secret from the secret store, and revokes at the provider", async () => {
    await setUp({ pre: true });
    await secrets().set("TRACKER_CLIENT_SECRET", "s3cret-value");
    const config = remote({ clientId: "hub-client", clientSecret: "TRACKER_CLIENT_SECRET" });
    expect((await authorize(config)).outcome.outcome).toBe("authorized");
    expect(authorizations.view(config)?.client).toBe("pre-registered");
    expect(await callWhoami(config)).toBe("client hub-client scopes mcp:tools");
    expect((await oauthStats(as.issuer)).registrations).toBe(0);
    expect(await readFile(join(dir, "oauth.json"), "utf8")).not.toContain("s3cret-value");

    await authorizations.revoke(config);
    expect((await oauthStats(as.issuer)).revocations).toBe(2);
    expect(authorizations.view(config)?.status).toBe("required");
    await expect(callWhoami(config)).rejects.toBeInstanceOf(AuthorizationRequired);
  });

  it("uses the Client ID Metadata Document's URL as the client id, without registering", async () => {
    await setUp({ metadataDocument: true });
    const config = remote({ clientMetadataUrl: METADATA_URL });
    const { page, outcome } = await authorize(config);
    expect(new URL(page.authorizationUrl).searchParams.get("client_id")).toBe(METADATA_URL);
    expect(outcome.outcome).toBe("authorized");
    expect(authorizations.view(config)?.client).toBe("metadata-document");
    expect(await callWhoami(config)).toBe(`client ${METADATA_URL} scopes mcp:tools`);
    expect(await oauthStats(as.issuer)).toMatchObject({ registrations: 0, authorizations: 1 });
  });

  it("leaves out the resource parameter and asks for the configured scopes when told to", async () => {
    await setUp();
    const config = remote({ resource: false, scopes: ["mcp:tools", "offline_access"] });
    const page = await authorizations.start(config);
    const url = new URL(page.authorizationUrl);
    expect(url.searchParams.has("resource")).toBe(false);
    expect(url.searchParams.get("scope")).toBe("mcp:tools offline_access");
    expect(page.scopes).toEqual(["mcp:tools", "offline_access"]);
  });

  it("refuses to start for a server that sends its own Authorization header", async () => {
    await setUp();
    const config = serverConfigSchema.parse({
      name: "tracker",
      kind: "remote",
      url: as.mcpUrl,
      headerSecrets: { Authorization: "TRACKER_TOKEN" },
    });
    expect(authorizations.providerFor(config)).toBeUndefined();
    await expect(authorizations.start(config)).rejects.toThrow(/own Authorization header/);
  });
});

/**
 * The OAuth test server (test/fixtures/oauthServer.ts) as a container: an authorization server and the protected
 * MCP server it guards. Its issuer is the mcp-hub network's gateway address, published there: the test process and
 * Chromium (on this machine) and the hub (in its container) all reach it at that one URL, as a user's browser and
 * hub reach a provider.
 */
import { createServer } from "node:net";
import { expect, vi } from "vitest";
import { runId, TEST_LABEL } from "../support/docker.js";
import { docker, OAUTH_PORT, TEST_IMAGES } from "../support/images.js";

export interface OAuthContainer {
  name: string;
  issuer: string;
  mcpUrl: string;
  remove(): Promise<void>;
}

/** A port nobody listens on at this address (the OS picks it; released for docker to publish). */
function freePortOn(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, host, () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

let counter = 0;

export async function startOAuthContainer(options: {
  accessTtlSeconds: number;
  /** A client registered ahead at the provider, for the hub's redirect URI. */
  preRegistered?: { clientId: string; clientSecret: string; redirectUri: string };
}): Promise<OAuthContainer> {
  const gateway = (
    await docker(["network", "inspect", "mcp-hub", "--format", "{{(index .IPAM.Config 0).Gateway}}"])
  ).stdout.trim();
  expect(gateway).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
  const port = await freePortOn(gateway);
  const issuer = `http://${gateway}:${port}`;
  const name = `mcp-hub-oauth-${runId().slice(-6)}${counter++}`;
  const pre = options.preRegistered;
  const run = await docker([
    "run",
    "-d",
    "--name",
    name,
    "--label",
    `${TEST_LABEL}=${runId()}`,
    "-p",
    `${gateway}:${port}:${OAUTH_PORT}`,
    "-e",
    `OAUTH_ISSUER=${issuer}`,
    "-e",
    `ACCESS_TTL_S=${options.accessTtlSeconds}`,
    ...(pre
      ? [
          "-e",
          `PRE_CLIENT_ID=${pre.clientId}`,
          "-e",
          `PRE_CLIENT_SECRET=${pre.clientSecret}`,
          "-e",
          `PRE_CLIENT_REDIRECT_URI=${pre.redirectUri}`,
        ]
      : []),
    TEST_IMAGES.oauth,
  ]);
  expect(run.code, run.stderr).toBe(0);
  await vi.waitFor(
    async () => expect((await fetch(`${issuer}/.well-known/oauth-authorization-server`)).ok).toBe(true),
    { timeout: 20_000, interval: 200 },
  );
  return {
    name,
    issuer,
    mcpUrl: `${issuer}/mcp`,
    remove: async () => void (await docker(["rm", "-f", name])),
  };
}

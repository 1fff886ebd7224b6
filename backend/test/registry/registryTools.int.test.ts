import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { docker } from "../support/images.js";
import { connectStreamableHttp, type ClientHandlers, type ConnectedClient } from "../support/mcpClient.js";
import { freePort } from "../support/ports.js";
import { pushImage, startRegistryHub, type RegistryHub } from "../support/registryHub.js";

type Result = {
  isError?: boolean;
  content: { text?: string }[];
  structuredContent?: Record<string, unknown>;
};
type Listing = {
  repositories: {
    name: string;
    tags: {
      tag: string;
      digest: string;
      size: number;
      server: string | null;
      risk: string | null;
      created: string | null;
      usedBy: string[];
    }[];
  }[];
};

/** A stand-in for Docker Hub's API on the hub's network: the real one is out of reach here. */
const FAKE_HUB = `
const http = require("http");
http.createServer((req, res) => {
  const url = new URL(req.url, "http://x");
  const json = (status, body) => { res.writeHead(status, { "content-type": "application/json" }); res.end(JSON.stringify(body)); };
  if (url.pathname === "/v2/search/repositories/") return json(200, { count: 1, results: [{ repo_name: "mcp/fetch", short_description: "Fetch MCP server", star_count: 7, pull_count: 1000, is_official: false }] });
  if (url.pathname === "/v2/repositories/mcp/fetch/") return json(200, { name: "fetch", namespace: "mcp", description: "Fetch MCP server", star_count: 7, pull_count: 1000, last_updated: "2026-11-01T00:00:00Z" });
  if (url.pathname === "/v2/repositories/mcp/fetch/tags/") return json(200, { count: 1, results: [{ name: "latest", full_size: 52000000, digest: "sha256:abc", last_updated: "2026-11-01T00:00:00Z" }] });
  if (url.pathname === "/v2/repositories/mcp/fetch/tags/latest/") return json(200, { name: "latest", full_size: 52000000, digest: "sha256:abc" });
  json(404, { message: "not found" });
}).listen(8080);
`;

describe.skipIf(!inject("mcpHubTestDocker"))("the registry's MCP tools through /mcp", () => {
  let hub: RegistryHub;
  let alpha: { digest: string };
  const fakeHub = `mcp-hub-fake-dockerhub-${process.pid}`;
  const clients: ConnectedClient[] = [];

  beforeAll(async () => {
    hub = await startRegistryHub({ port: await freePort() });
    await hub.waitForRegistry();
    alpha = await pushImage(hub.registryPort, "mcp/alpha", "1.0", {
      labels: {
        "mcp.server": "alpha",
        "mcp.governance.level": "low",
        "org.opencontainers.image.title": "Alpha server",
      },
      payloadBytes: 300_000,
      alsoAs: ["latest"],
    });
    await pushImage(hub.registryPort, "mcp/beta", "2.0", { payloadBytes: 100_000 });
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await docker(["rm", "-f", fakeHub]);
    await hub?.dispose();
  });

  const connect = async (handlers?: ClientHandlers) => {
    const connected = await connectStreamableHttp(`${hub.url}/mcp`, { token: hub.token, handlers });
    clients.push(connected);
    return connected.client;
  };
  const call = async (name: string, args: Record<string, unknown> = {}, handlers?: ClientHandlers) =>
    (await (await connect(handlers)).callTool({ name, arguments: args })) as Result;
  const listing = async () => (await call("registry__list_repositories")).structuredContent as Listing;

  it("is on by default, every tool annotated", async () => {
    const { tools } = await (await connect()).listTools();
    const names = tools.map((t) => t.name).filter((n) => n.startsWith("registry__"));
    expect(names.sort()).toEqual(
      [
        "check_tag",
        "delete_tag",
        "get_tag",
        "hub_check_tag",
        "hub_list_tags",
        "hub_repository_info",
        "hub_search",
        "list_repositories",
        "list_tags",
        "repository_info",
        "search",
      ].map((n) => `registry__${n}`),
    );
    for (const tool of tools.filter((t) => t.name.startsWith("registry__"))) {
      expect(tool.annotations, tool.name).toMatchObject({
        readOnlyHint: expect.any(Boolean),
        destructiveHint: expect.any(Boolean),
        idempotentHint: expect.any(Boolean),
        openWorldHint: expect.any(Boolean),
      });
      expect(tool.description!.length, tool.name).toBeGreaterThan(20);
    }
  });

  it("lists what the registry holds with digest, size, created time and labels", async () => {
    // The hub read the registry while the pushes went on: their notifications bring the listing up to date.
    await vi.waitFor(async () =>
      expect((await listing()).repositories.flatMap((r) => r.tags)).toHaveLength(3),
    );
    const { repositories } = await listing();
    const found = repositories.find((r) => r.name === "mcp/alpha")!;
    expect(found.tags.map((t) => t.tag)).toEqual(["1.0", "latest"]);
    for (const tag of found.tags)
      expect(tag).toMatchObject({
        digest: alpha.digest,
        server: "alpha",
        risk: "low",
        created: expect.any(String),
      });
    expect(found.tags[0]!.size).toBeGreaterThan(300_000);
    const detail = await call("registry__get_tag", { repository: "mcp/alpha", tag: "1.0" });
    expect(detail.structuredContent).toMatchObject({
      digest: alpha.digest,
      labels: { "org.opencontainers.image.title": "Alpha server" },
    });
    expect(detail.content[0]!.text).toContain("org.opencontainers.image.title=Alpha server");
    expect(
      (await call("registry__check_tag", { repository: "mcp/beta", tag: "2.0" })).structuredContent,
    ).toMatchObject({ exists: true });
    expect(
      (await call("registry__check_tag", { repository: "mcp/beta", tag: "9" })).structuredContent,
    ).toMatchObject({ exists: false });
    expect((await call("registry__search", { query: "alpha server" })).structuredContent).toMatchObject({
      repositories: [{ name: "mcp/alpha" }],
    });
    const unknown = await call("registry__list_tags", { repository: "mcp/nope" });
    expect(unknown.isError).toBe(true);
    expect(unknown.content[0]!.text).toContain("mcp/nope");
  });

  it("shows a push from anywhere at once: the registry tells the hub", async () => {
    await listing(); // the listing is cached now
    await pushImage(hub.registryPort, "mcp/gamma", "0.1");
    await vi.waitFor(
      async () => expect((await listing()).repositories.map((r) => r.name)).toContain("mcp/gamma"),
      {
        timeout: 10_000,
        interval: 200,
      },
    );
  });

  it("refuses an unconfirmed delete, naming every tag on the digest, and changes nothing", async () => {
    const refused = await call("registry__delete_tag", { repository: "mcp/alpha", tag: "1.0" });
    expect(refused.isError).toBe(true);
    expect(refused.content[0]!.text).toContain('"confirm": true');
    expect(refused.content[0]!.text).toContain("mcp/alpha:latest");
    expect((await listing()).repositories.find((r) => r.name === "mcp/alpha")!.tags).toHaveLength(2);
  });

  it("refuses a confirmed delete in the hub's read-only mode, saying how to turn it off, and changes nothing", async () => {
    try {
      expect((await hub.api("PUT", "/settings", { readOnly: true })).status).toBe(200);
      await expect(
        call("registry__delete_tag", { repository: "mcp/alpha", tag: "1.0", confirm: true }),
      ).rejects.toMatchObject({
        code: -32600,
        message: expect.stringMatching(/registry__delete_tag .*read-only mode.*"readOnly": false/),
      });
      // Reading stays allowed: the tags are all still there.
      const alphaTags = (await listing()).repositories.find((r) => r.name === "mcp/alpha")!.tags;
      expect(alphaTags.map((t) => t.tag)).toEqual(["1.0", "latest"]);
    } finally {
      await hub.api("PUT", "/settings", { readOnly: false });
    }
  });

  it("asks a client that supports elicitation, and deletes what it confirms", async () => {
    const asked: string[] = [];
    const deleted = await call(
      "registry__delete_tag",
      { repository: "mcp/alpha", tag: "1.0" },
      {
        elicitation: (request) => {
          asked.push(request.message);
          return { action: "accept", content: { confirm: true } };
        },
      },
    );
    expect(deleted.isError).toBeFalsy();
    expect(asked[0]).toContain("mcp/alpha:latest");
    expect(deleted.structuredContent).toMatchObject({ digest: alpha.digest, tags: ["1.0", "latest"] });
    await vi.waitFor(async () =>
      expect((await listing()).repositories.map((r) => r.name)).not.toContain("mcp/alpha"),
    );
  });

  it("refuses to delete the image of a running server unless forced, and names the server", async () => {
    const image = `127.0.0.1:${hub.registryPort}/mcp/beta:2.0`;
    expect((await hub.api("POST", "/servers", { name: "uses-beta", kind: "image", image })).status).toBe(201);
    const refused = await call("registry__delete_tag", { repository: "mcp/beta", tag: "2.0", confirm: true });
    expect(refused.isError).toBe(true);
    expect(refused.content[0]!.text).toContain("uses-beta");
    expect((await listing()).repositories.find((r) => r.name === "mcp/beta")!.tags[0]!.usedBy).toEqual([
      "uses-beta",
    ]);
    const forced = await call("registry__delete_tag", {
      repository: "mcp/beta",
      tag: "2.0",
      confirm: true,
      force: true,
    });
    expect(forced.isError).toBeFalsy();
    await hub.api("DELETE", "/servers/uses-beta");
  });

  it("says plainly when Docker Hub is out of reach, and reads it where it is", async () => {
    const offline = await call("registry__hub_search", { query: "mcp" });
    expect(offline.isError).toBe(true);
    expect(offline.content[0]!.text).toContain("Docker Hub not reachable");

    const started = await docker([
      "run",
      "-d",
      "--name",
      fakeHub,
      "--network",
      "mcp-hub",
      "mcp-hub/node-base:24",
      "node",
      "-e",
      FAKE_HUB,
    ]);
    expect(started.code, started.stderr).toBe(0);
    const added = await hub.api("POST", "/servers", {
      name: "hubview",
      kind: "builtin",
      module: "registry",
      options: { dockerHubUrl: `http://${fakeHub}:8080` },
    });
    expect(added.status).toBe(201);
    await vi.waitFor(async () =>
      expect((await call("hubview__hub_search", { query: "fetch" })).structuredContent).toMatchObject({
        results: [{ repo_name: "mcp/fetch" }],
      }),
    );
    expect(
      (await call("hubview__hub_repository_info", { repository: "mcp/fetch" })).structuredContent,
    ).toMatchObject({ pull_count: 1000 });
    expect(
      (await call("hubview__hub_list_tags", { repository: "mcp/fetch" })).structuredContent,
    ).toMatchObject({ tags: [{ name: "latest" }] });
    expect(
      (await call("hubview__hub_check_tag", { repository: "mcp/fetch", tag: "latest" })).structuredContent,
    ).toMatchObject({ exists: true });
    expect(
      (await call("hubview__hub_check_tag", { repository: "mcp/fetch", tag: "nope" })).structuredContent,
    ).toMatchObject({ exists: false });
  });
});

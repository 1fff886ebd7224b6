/**
 * The registry's notifications to the hub (Registry.notified, and POST /registry/notifications in a hub process):
 * only the credential the hub gave its registry opens the cached listing to them. No engine here, so the engine is
 * the in-memory fake and the registry's HTTP API a small stand-in serving what the listing reads.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { loadOrCreateToken, REGISTRY_TOKEN_FILE } from "../../src/config/index.js";
import { createLogger } from "../../src/log/index.js";
import { Registry } from "../../src/registry/index.js";
import { createDockerRuntime } from "../../src/runtime/index.js";
import { FakeDockerApi } from "../runtime/fakeDockerApi.js";
import { startFakeEngineHub, type FakeEngineHub } from "../support/fakeEngineHub.js";

const TOKEN = "registry-credential-of-this-test";
const MANIFEST_TYPE = "application/vnd.oci.image.manifest.v1+json";

/** repository → its tags, as the stand-in registry holds them now. */
const held = new Map<string, string[]>();

/** Registry HTTP API v2, read-only, for what `held` says. */
function standInRegistry(): Server {
  return createServer((request, response) => {
    const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      response.writeHead(status, { "content-type": "application/json", ...headers });
      response.end(JSON.stringify(body));
    };
    const path = new URL(request.url ?? "/", "http://registry").pathname;
    if (path === "/v2/") return json(200, {});
    if (path === "/v2/_catalog") return json(200, { repositories: [...held.keys()].sort() });
    const [, repository, kind, reference] = /^\/v2\/(.+)\/(tags|manifests|blobs)\/(.+)$/.exec(path) ?? [];
    const tags = held.get(repository ?? "");
    if (!tags) return json(404, { errors: [{ code: "NAME_UNKNOWN" }] });
    if (kind === "tags") return json(200, { name: repository, tags });
    if (kind === "manifests")
      return json(
        200,
        { mediaType: MANIFEST_TYPE, config: { digest: `sha256:config-${reference}`, size: 10 }, layers: [] },
        { "content-type": MANIFEST_TYPE, "docker-content-digest": `sha256:manifest-${reference}` },
      );
    return json(200, { created: "2026-01-01T00:00:00Z", config: { Labels: {} } });
  });
}

function pushed(repository: string, tag: string) {
  return { events: [{ action: "push", target: { repository, tag } }] };
}

const log = createLogger({ level: "silent" });

function registryOn(port: number, notifications: boolean): Registry {
  return new Registry({
    runtime: createDockerRuntime({ api: new FakeDockerApi(), log }),
    log,
    image: "mcp-hub-registry:test",
    name: "mcp-hub-registry-test",
    wantedPort: () => port,
    reach: "host",
    notifications: notifications ? { url: "http://hub/registry/notifications", token: TOKEN } : undefined,
    imageServers: () => [],
  });
}

describe("the registry's notifications", () => {
  let server: Server;
  let registry: Registry;
  const listed = async () =>
    (await registry.repositories()).map((r) => `${r.name}: ${r.tags.map((t) => t.tag).join(" ")}`);

  beforeAll(async () => {
    held.set("mcp/a", ["1"]);
    server = standInRegistry();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    registry = registryOn(port, true);
    expect(await registry.ensure()).toMatchObject({ state: "running", port });
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
  });

  it("are refused without the hub's credential, and a listing stays as cached", async () => {
    expect(await listed()).toEqual(["mcp/a: 1"]);
    held.set("mcp/a", ["1", "2"]);
    held.set("mcp/b", ["1"]);
    // Notifications keep it fresh, so the listing is trusted until one comes: a push elsewhere is not seen yet.
    expect(await listed()).toEqual(["mcp/a: 1"]);

    for (const authorization of [
      undefined,
      "",
      "Bearer wrong",
      TOKEN, // the credential without its scheme
      `Bearer ${TOKEN}x`,
      `bearer ${TOKEN}`,
    ])
      expect(registry.notified(authorization, pushed("mcp/a", "2")), String(authorization)).toBe(
        "unauthorized",
      );
    // A wrong credential is refused before its body is even read.
    expect(registry.notified("Bearer wrong", { not: "a notification" })).toBe("unauthorized");
    expect(await listed()).toEqual(["mcp/a: 1"]);
  });

  it("with the credential but no notification in the body are invalid, and change nothing", async () => {
    for (const body of [undefined, "push", { not: "a notification" }, { events: "push" }, { events: [{}] }])
      expect(registry.notified(`Bearer ${TOKEN}`, body), JSON.stringify(body)).toBe("invalid");
    expect(await listed()).toEqual(["mcp/a: 1"]);
  });

  it("with the credential are accepted: the repositories they name and the catalog are read again", async () => {
    expect(registry.notified(`Bearer ${TOKEN}`, pushed("mcp/a", "2"))).toBe("accepted");
    expect(await listed()).toEqual(["mcp/a: 1 2", "mcp/b: 1"]);
  });

  it("are all refused by a registry the hub gave no credential", async () => {
    const { port } = server.address() as AddressInfo;
    const unconfigured = registryOn(port, false);
    for (const authorization of [undefined, "", "Bearer ", "Bearer undefined"])
      expect(unconfigured.notified(authorization, pushed("mcp/a", "2")), String(authorization)).toBe(
        "unauthorized",
      );
  });
});

describe("POST /registry/notifications, as the registry sends them", () => {
  let server: Server;
  let hub: FakeEngineHub;
  let token: string;
  const notify = (authorization: string | undefined, body: unknown) =>
    fetch(`${hub.url}/registry/notifications`, {
      method: "POST",
      headers: {
        "content-type": "application/vnd.docker.distribution.events.v1+json",
        ...(authorization === undefined ? {} : { authorization }),
      },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });
  const names = async () => {
    const response = await fetch(`${hub.url}/api/registry`, {
      headers: { authorization: `Bearer ${hub.token}` },
    });
    const body = (await response.json()) as { registry: { state: string }; repositories: { name: string }[] };
    expect(body.registry.state).toBe("running");
    return body.repositories.map((r) => r.name);
  };

  beforeAll(async () => {
    held.clear();
    held.set("http/a", ["1"]);
    server = standInRegistry();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    hub = await startFakeEngineHub({
      engine: new FakeDockerApi(),
      registry: { image: "mcp-hub-registry:test", port: (server.address() as AddressInfo).port },
      selfUrl: "http://hub.invalid:3010", // only written into the (fake) registry container's configuration
    });
    token = await loadOrCreateToken(hub.dataDir, REGISTRY_TOKEN_FILE);
    await vi.waitFor(async () => expect(await names()).toEqual(["http/a"]));
  });
  afterAll(async () => {
    await hub?.dispose();
    await new Promise((resolve) => server?.close(resolve));
  });

  it("answers 401 without the registry's credential (the users' token is not it), and the listing stays", async () => {
    held.set("http/b", ["1"]);
    for (const authorization of [undefined, "Bearer wrong", `Bearer ${hub.token}`])
      expect((await notify(authorization, pushed("http/b", "1"))).status, String(authorization)).toBe(401);
    expect((await notify("Bearer wrong", "{ not json")).status).toBe(401);
    expect(await names()).toEqual(["http/a"]);
  });

  it("answers 400 to a body that is not a notification, and 202 to one, which the listing then shows", async () => {
    expect((await notify(`Bearer ${token}`, { events: "push" })).status).toBe(400);
    expect((await notify(`Bearer ${token}`, "{ not json")).status).toBe(400);
    expect(await names()).toEqual(["http/a"]);
    expect((await notify(`Bearer ${token}`, pushed("http/b", "1"))).status).toBe(202);
    expect(await names()).toEqual(["http/a", "http/b"]);
  });
});

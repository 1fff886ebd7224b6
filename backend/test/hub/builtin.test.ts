import { ToolListChangedNotificationSchema } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startHubProcess, type RunningHub } from "../../src/hubProcess.js";
import { createLogger } from "../../src/log/index.js";
import { createDockerRuntime } from "../../src/runtime/index.js";
import { FakeDockerApi } from "../runtime/fakeDockerApi.js";
import { connectStreamableHttp, type ClientHandlers, type ConnectedClient } from "../support/mcpClient.js";
import { PROBE_ITEMS, probeBuiltin } from "../support/probeBuiltin.js";

type ToolResult = { isError?: boolean; content: { type: string; text?: string }[] };

/**
 * A built-in server (the test-only "probe" module) in a real hub process, called by a real SDK client over
 * Streamable HTTP on /mcp: the same catalog, routing, confirmation, read-only mode and governance as any server.
 */
describe("built-in servers through /mcp", () => {
  let hub: RunningHub;
  const clients: ConnectedClient[] = [];

  beforeAll(async () => {
    const log = createLogger({ level: "silent" });
    hub = await startHubProcess({
      dataDir: mkdtempSync(join(tmpdir(), "mcp-hub-builtin-")),
      host: "127.0.0.1",
      port: 0,
      log,
      runtime: createDockerRuntime({ api: new FakeDockerApi(), log }),
      builtins: [probeBuiltin],
    });
  });
  afterAll(async () => {
    await hub?.close();
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await api("PUT", "/settings", { readOnly: false });
  });

  const api = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${hub.url}/api${path}`, {
      method,
      headers: {
        authorization: `Bearer ${hub.token}`,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
  const connect = async (path = "/mcp", handlers?: ClientHandlers) => {
    const connected = await connectStreamableHttp(`${hub.url}${path}`, { token: hub.token, handlers });
    clients.push(connected);
    return connected.client;
  };
  const call = async (client: Awaited<ReturnType<typeof connect>>, name: string, args = {}) =>
    (await client.callTool({ name, arguments: args })) as ToolResult;
  const text = (result: ToolResult) => result.content.map((c) => c.text).join("");
  const items = async (client: Awaited<ReturnType<typeof connect>>, server = "probe") =>
    (
      (await client.callTool({ name: `${server}__list_items`, arguments: {} })).structuredContent as {
        items: string[];
      }
    ).items;

  it("is seeded into the state file and listed like any server", async () => {
    const { status, body } = await api("GET", "/servers/probe");
    expect(status).toBe(200);
    expect(body).toMatchObject({
      name: "probe",
      kind: "builtin",
      transport: "in-process",
      state: "ready",
      enabled: true,
      config: { kind: "builtin", module: "probe", risk: "low" },
      counts: { tools: 3 },
    });
    const client = await connect();
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual([
      "probe__echo",
      "probe__list_items",
      "probe__remove_item",
    ]);
    expect(text(await call(client, "probe__echo", { text: "world" }))).toBe("hello world");
  });

  it("refuses a destructive call without confirmation, and changes nothing", async () => {
    const client = await connect();
    const refused = await call(client, "probe__remove_item", { item: "alpha" });
    expect(refused.isError).toBe(true);
    expect(text(refused)).toContain('"confirm": true');
    expect(await items(client)).toContain("alpha");

    const done = await call(client, "probe__remove_item", { item: "alpha", confirm: true });
    expect(text(done)).toBe("removed alpha (argument)");
    expect(await items(client)).not.toContain("alpha");
  });

  it("asks a client that supports elicitation, and does only what it confirms", async () => {
    const answers: boolean[] = [false, true];
    const asked: string[] = [];
    const client = await connect("/mcp", {
      elicitation: (request) => {
        asked.push(request.message);
        return { action: "accept", content: { confirm: answers.shift()! } };
      },
    });
    const declined = await call(client, "probe__remove_item", { item: "beta" });
    expect(declined.isError).toBe(true);
    expect(text(declined)).toContain("did not confirm");
    expect(await items(client)).toContain("beta");

    const confirmed = await call(client, "probe__remove_item", { item: "beta" });
    expect(text(confirmed)).toBe("removed beta (elicitation)");
    expect(asked).toEqual([expect.stringContaining('Remove item "beta"'), expect.stringContaining("beta")]);
    expect(await items(client)).not.toContain("beta");
  });

  it("in read-only mode lists and allows only read-only tools, tells sessions, and audits the refusal", async () => {
    const client = await connect();
    const changed = vi.fn();
    client.setNotificationHandler(ToolListChangedNotificationSchema, changed);
    const single = await connect("/servers/probe/mcp");

    expect((await api("PUT", "/settings", { readOnly: true })).status).toBe(200);
    await vi.waitFor(() => expect(changed).toHaveBeenCalled());
    expect((await client.listTools()).tools.map((t) => t.name).sort()).toEqual([
      "probe__echo",
      "probe__list_items",
    ]);
    expect((await single.listTools()).tools.map((t) => t.name).sort()).toEqual(["echo", "list_items"]);

    for (const [c, name] of [
      [client, "probe__remove_item"],
      [single, "remove_item"],
    ] as const)
      await expect(c.callTool({ name, arguments: { item: "gamma", confirm: true } })).rejects.toMatchObject({
        code: -32600,
        message: expect.stringContaining("read-only mode"),
      });
    expect(await items(client)).toContain("gamma");
    const { body } = await api("GET", "/audit?server=probe&outcome=denied");
    expect(body.events).toHaveLength(2);
    expect(body.events[0]).toMatchObject({ method: "tools/call", name: "remove_item", outcome: "denied" });
  });

  it("keeps its name: no server may take it, and it can be disabled but not removed", async () => {
    const taken = await api("POST", "/servers", { name: "probe", kind: "image", image: "some/image:1" });
    expect(taken).toMatchObject({ status: 409, body: { error: "reserved_name" } });
    const removal = await api("DELETE", "/servers/probe");
    expect(removal).toMatchObject({ status: 409, body: { error: "not_removable" } });
    expect(removal.body.message).toContain("mcp-hub server disable probe");

    expect((await api("POST", "/servers/probe/disable")).body).toMatchObject({
      state: "stopped",
      enabled: false,
    });
    const client = await connect();
    expect((await client.listTools()).tools).toEqual([]);
    expect((await api("POST", "/servers/probe/enable")).body).toMatchObject({
      state: "ready",
      enabled: true,
    });
    expect((await client.listTools()).tools).toHaveLength(3);
  });

  it("runs a module as several servers, each with its own options, and checks them when added", async () => {
    const unknown = await api("POST", "/servers", { name: "nope", kind: "builtin", module: "nope" });
    expect(unknown).toMatchObject({
      status: 400,
      body: { message: expect.stringContaining("no built-in module") },
    });
    const invalid = await api("POST", "/servers", {
      name: "probe-two",
      kind: "builtin",
      module: "probe",
      options: { greeting: "" },
    });
    expect(invalid).toMatchObject({
      status: 400,
      body: { message: expect.stringContaining("options.greeting") },
    });
    expect((await api("GET", "/servers/probe-two")).status).toBe(404);

    const added = await api("POST", "/servers", {
      name: "probe-two",
      kind: "builtin",
      module: "probe",
      options: { greeting: "hi" },
    });
    expect(added).toMatchObject({ status: 201, body: { state: "ready", counts: { tools: 3 } } });
    const client = await connect();
    expect(text(await call(client, "probe-two__echo", { text: "there" }))).toBe("hi there");
    // Its own instance: the first server's removals do not show here.
    expect(await items(client, "probe-two")).toEqual(PROBE_ITEMS);
    expect((await api("DELETE", "/servers/probe-two")).status).toBe(204);
  });
});

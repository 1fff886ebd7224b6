/**
 * The stdio bridge image against the real hub image: protocol hygiene (stdout carries only JSON-RPC, exit 0 on
 * EOF), waiting for a hub that is not up yet, giving up within the bound, and surviving a hub restart mid-session.
 */
import { ToolListChangedNotificationSchema } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { removeLabelled } from "../support/docker.js";
import { startHubContainer, type HubContainer } from "../support/hubContainer.js";
import { docker } from "../support/images.js";
import { connectStdio, type ConnectedClient } from "../support/mcpClient.js";
import {
  addFixture,
  BRIDGE_IMAGE,
  bridgeRunArgs,
  INITIALIZE,
  RawBridge,
  testNetwork,
  type TestNetwork,
} from "./support.js";

const HUB_UNAVAILABLE = -32000;

describe.skipIf(!inject("mcpHubTestDocker"))("mcp-hub-bridge image", () => {
  let hub: HubContainer;
  let net: TestNetwork;
  const raws: RawBridge[] = [];
  const raw = (args: string[]) => {
    const bridge = new RawBridge(args);
    raws.push(bridge);
    return bridge;
  };

  beforeAll(async () => {
    hub = await startHubContainer();
    net = await testNetwork();
    await net.attachHub(hub);
    await addFixture(hub);
  });

  afterAll(async () => {
    for (const r of raws) r.kill();
    await net?.remove();
    await hub?.remove();
    if (hub) await removeLabelled(hub.selector);
  });

  it("writes only JSON-RPC lines to stdout and exits 0 when stdin closes", async () => {
    const started = performance.now();
    const bridge = raw(bridgeRunArgs(net.name, hub.dataDir, ["--client", "raw-test"]));
    bridge.send(INITIALIZE);
    const init = await bridge.response(1);
    const firstAnswerMs = Math.round(performance.now() - started);
    expect(init.result).toMatchObject({ serverInfo: expect.any(Object), capabilities: expect.any(Object) });
    bridge.send({ jsonrpc: "2.0", method: "notifications/initialized" });
    bridge.send({ jsonrpc: "2.0", id: 2, method: "tools/list" });
    const list = (await bridge.response(2)) as { result: { tools: { name: string }[] } };
    expect(list.result.tools.map((t) => t.name)).toContain("fx__echo");
    // A line that is not JSON-RPC is reported on stderr, never echoed to stdout.
    bridge.child.stdin.write("this is not json\n");
    await bridge.stderrMatching(/ignored a message from the client/);
    bridge.send({ jsonrpc: "2.0", id: 3, method: "ping" });
    await bridge.response(3);

    bridge.endInput();
    expect(await bridge.exited).toBe(0);
    expect(bridge.rawStdoutTail).toBe("");
    for (const line of bridge.lines) expect(JSON.parse(line)).toMatchObject({ jsonrpc: "2.0" });
    expect(bridge.lines).toHaveLength(3);

    const size = await docker(["image", "inspect", "--format", "{{.Size}}", BRIDGE_IMAGE]);
    process.stderr.write(
      `[bridge] docker run → initialize answer: ${firstAnswerMs} ms; image ${BRIDGE_IMAGE}: ${(Number(size.stdout) / 1e6).toFixed(1)} MB\n`,
    );
  });

  it("the hub records the client identity from --client", async () => {
    const bridge = raw(bridgeRunArgs(net.name, hub.dataDir, ["--client", "identity-check"]));
    bridge.send(INITIALIZE);
    await bridge.response(1);
    bridge.send({ jsonrpc: "2.0", method: "notifications/initialized" });
    bridge.send({
      jsonrpc: "2.0",
      id: 2,
      method: "tools/call",
      params: { name: "fx__echo", arguments: { text: "who" } },
    });
    await bridge.response(2);
    const audit = await hub.api<{ events: { client?: string; tool?: string }[] }>("GET", "/audit?limit=50");
    expect(audit.body.events.some((e) => e.client === "identity-check")).toBe(true);
    bridge.endInput();
    expect(await bridge.exited).toBe(0);
  });

  it("read-only mode holds through the bridge: only read-only tools are listed, others are refused", async () => {
    expect((await hub.api("PUT", "/settings", { readOnly: true })).status).toBe(200);
    try {
      const bridge = raw(bridgeRunArgs(net.name, hub.dataDir, ["--client", "read-only-check"]));
      bridge.send(INITIALIZE);
      await bridge.response(1);
      bridge.send({ jsonrpc: "2.0", method: "notifications/initialized" });
      bridge.send({ jsonrpc: "2.0", id: 2, method: "tools/list" });
      const list = (await bridge.response(2)) as { result: { tools: { name: string }[] } };
      expect(list.result.tools.map((t) => t.name)).not.toContain("fx__echo"); // no readOnlyHint
      bridge.send({
        jsonrpc: "2.0",
        id: 3,
        method: "tools/call",
        params: { name: "fx__echo", arguments: { text: "blocked" } },
      });
      expect(await bridge.response(3)).toMatchObject({
        error: { code: -32600, message: expect.stringContaining("read-only mode") },
      });
      bridge.endInput();
      expect(await bridge.exited).toBe(0);
    } finally {
      await hub.api("PUT", "/settings", { readOnly: false });
    }
  });

  it("URL mode: --network host --url reaches the hub's published port", async () => {
    const args = bridgeRunArgs("host", hub.dataDir, ["--url", `${hub.url}/mcp`, "--client", "url-mode"]);
    const bridge = raw(args);
    bridge.send(INITIALIZE);
    expect((await bridge.response(1)).result).toBeDefined();
    bridge.send({ jsonrpc: "2.0", method: "notifications/initialized" });
    bridge.send({
      jsonrpc: "2.0",
      id: 2,
      method: "tools/call",
      params: { name: "fx__add", arguments: { a: 2, b: 3 } },
    });
    expect(await bridge.response(2)).toMatchObject({ result: { content: [{ type: "text", text: "5" }] } });
    bridge.endInput();
    expect(await bridge.exited).toBe(0);
  });

  it("waits for a hub that is not reachable yet, then answers", async () => {
    const lateNet = await testNetwork();
    try {
      const bridge = raw(bridgeRunArgs(lateNet.name, hub.dataDir));
      bridge.send(INITIALIZE);
      await bridge.stderrMatching(/hub not reachable .*retrying/);
      await lateNet.attachHub(hub);
      const init = await bridge.response(1);
      expect(init.result).toBeDefined();
      bridge.endInput();
      expect(await bridge.exited).toBe(0);
    } finally {
      await lateNet.remove();
    }
  });

  it("gives up after --wait with a JSON-RPC error, stays up, and exits 0 on EOF", async () => {
    const nowhere = await testNetwork();
    try {
      const bridge = raw(bridgeRunArgs(nowhere.name, hub.dataDir, ["--wait", "1"]));
      bridge.send(INITIALIZE);
      const answer = (await bridge.response(1)) as { error: { code: number; message: string } };
      expect(answer.error.code).toBe(HUB_UNAVAILABLE);
      expect(answer.error.message).toMatch(/not reachable.*gave up after 1 s/);
      bridge.endInput();
      expect(await bridge.exited).toBe(0);
    } finally {
      await nowhere.remove();
    }
  });

  it("reports a missing token clearly", async () => {
    const empty = (await import("node:fs")).mkdtempSync(
      `${(await import("node:os")).tmpdir()}/mcp-hub-notoken-`,
    );
    const bridge = raw(bridgeRunArgs(net.name, empty, ["--wait", "0"]));
    bridge.send(INITIALIZE);
    const answer = (await bridge.response(1)) as { error: { message: string } };
    expect(answer.error.message).toMatch(/no token at \/data\/token/);
    bridge.endInput();
    expect(await bridge.exited).toBe(0);
  });

  it("survives a hub restart: running calls fail, the session comes back, the client hears list_changed", async () => {
    let client: ConnectedClient | undefined;
    try {
      const args = bridgeRunArgs(net.name, hub.dataDir, ["--client", "restart-test"]);
      client = await connectStdio(
        { command: "docker", args },
        {
          handlers: {
            sampling: () => ({ role: "assistant", model: "test", content: { type: "text", text: "ok" } }),
          },
        },
      );
      let listChanged = 0;
      client.client.setNotificationHandler(ToolListChangedNotificationSchema, () => {
        listChanged++;
      });
      expect(
        (await client.client.callTool({ name: "fx__echo", arguments: { text: "before" } })).content,
      ).toEqual([{ type: "text", text: "before" }]);

      // A call that is still running when the hub goes away cannot be answered by the new session.
      const running = client.client.callTool({ name: "fx__slow", arguments: { ms: 120_000 } }, undefined, {
        timeout: 180_000,
      });
      const outcome = running.then(
        () => "answered",
        (error: Error) => error.message,
      );
      await hub.restart();
      expect(await outcome).toMatch(/restarted or became unreachable/);

      const after = await client.client.callTool({ name: "fx__echo", arguments: { text: "after" } });
      expect(after.content).toEqual([{ type: "text", text: "after" }]);
      await vi.waitFor(() => expect(listChanged).toBeGreaterThan(0), { timeout: 30_000 });
      // Sampling (hub → client request) works in the new session too.
      const sampled = await client.client.callTool({ name: "fx__sample", arguments: { prompt: "hi" } });
      expect(sampled.content).toEqual([{ type: "text", text: "ok" }]);
    } finally {
      await client?.close();
    }
  });
});

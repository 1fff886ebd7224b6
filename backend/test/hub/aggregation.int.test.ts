import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { connectSse, connectStreamableHttp, type ConnectedClient } from "../support/mcpClient.js";
import { startHubContainer, type HubContainer } from "../support/hubContainer.js";
import { TEST_IMAGES } from "../support/images.js";

describe.skipIf(!inject("mcpHubTestDocker"))("hub aggregation through the hub container", () => {
  let hub: HubContainer;
  let main: ConnectedClient;

  beforeAll(async () => {
    hub = await startHubContainer();
    for (const [name, image] of [
      ["fx", TEST_IMAGES.fixture],
      ["every", TEST_IMAGES.everything],
    ] as const) {
      const added = await hub.api<{ state: string; lastError?: string }>("POST", "/servers", {
        name,
        kind: "image",
        image,
      });
      expect(added.status, JSON.stringify(added.body)).toBe(201);
      expect(added.body.state).toBe("ready");
    }
    main = await connectStreamableHttp(`${hub.url}/mcp`, { token: hub.token });
  });

  afterAll(async () => {
    await main?.close();
    await hub?.remove();
  });

  it("merges every server's tools under <server>__<tool>", async () => {
    const { tools } = await main.client.listTools();
    const names = tools.map((t) => t.name);
    expect(names).toContain("fx__echo");
    expect(names).toContain("every__echo");
    // …besides the built-in registry server every hub has.
    expect(names.every((n) => /^(fx|every|registry)__/.test(n))).toBe(true);
    // server-everything shows its sampling tool only to clients that declare sampling: the hub declares it.
    expect(names.some((n) => n.startsWith("every__") && n.includes("ampl"))).toBe(true);
  });

  it("routes calls to their owner", async () => {
    const fx = await main.client.callTool({ name: "fx__echo", arguments: { text: "to fx" } });
    expect(fx.content).toEqual([{ type: "text", text: "to fx" }]);
    const every = await main.client.callTool({
      name: "every__echo",
      arguments: { message: "to everything" },
    });
    expect(JSON.stringify(every.content)).toContain("to everything");
  });

  it("answers an unknown tool with an error that lists the servers", async () => {
    await expect(main.client.callTool({ name: "nope__echo", arguments: {} })).rejects.toThrow(
      /servers: .*(every, fx|fx, every)/,
    );
  });

  it("relays progress with the caller's token", async () => {
    const seen: number[] = [];
    const result = await main.client.callTool(
      { name: "fx__progress", arguments: { steps: 4, delayMs: 5 } },
      undefined,
      {
        onprogress: (p) => seen.push(p.progress),
      },
    );
    expect(result.content).toEqual([{ type: "text", text: "done" }]);
    expect(seen.length).toBe(4);
  });

  it("relays log messages at or above each session's own level", async () => {
    const other = await connectStreamableHttp(`${hub.url}/mcp`, { token: hub.token });
    const mine: string[] = [];
    const theirs: string[] = [];
    main.client.setNotificationHandler(
      (await import("@modelcontextprotocol/sdk/types.js")).LoggingMessageNotificationSchema,
      (n) => {
        mine.push(`${n.params.level}:${String(n.params.data)}`);
      },
    );
    other.client.setNotificationHandler(
      (await import("@modelcontextprotocol/sdk/types.js")).LoggingMessageNotificationSchema,
      (n) => {
        theirs.push(`${n.params.level}:${String(n.params.data)}`);
      },
    );
    await main.client.setLoggingLevel("debug");
    await other.client.setLoggingLevel("error");
    await main.client.callTool({ name: "fx__log", arguments: { level: "info", message: "hello" } });
    await vi.waitFor(() => expect(mine.some((m) => m.includes("hello"))).toBe(true));
    expect(theirs.some((m) => m.includes("hello"))).toBe(false);
    await other.close();
  });

  it("prompts and resources are merged and routed", async () => {
    const { prompts } = await main.client.listPrompts();
    expect(prompts.map((p) => p.name)).toContain("fx__greet");
    const prompt = await main.client.getPrompt({ name: "fx__greet", arguments: { name: "Ada" } });
    expect(JSON.stringify(prompt.messages)).toContain("Ada");
    const { resources } = await main.client.listResources();
    expect(resources.map((r) => r.uri)).toContain("fixture://static");
    const read = await main.client.readResource({ uri: "fixture://static" });
    expect(read.contents[0]?.uri).toBe("fixture://static");
    const templated = await main.client.readResource({ uri: "fixture://item/42" });
    expect(JSON.stringify(templated.contents)).toContain("42");
  });

  it("serves each server alone and unprefixed at /servers/<name>/mcp", async () => {
    const single = await connectStreamableHttp(`${hub.url}/servers/fx/mcp`, { token: hub.token });
    const { tools } = await single.client.listTools();
    expect(tools.map((t) => t.name)).toContain("echo");
    expect(tools.some((t) => t.name.includes("__"))).toBe(false);
    const r = await single.client.callTool({ name: "echo", arguments: { text: "alone" } });
    expect(r.content).toEqual([{ type: "text", text: "alone" }]);
    await single.close();
  });

  it("serves legacy SSE clients", async () => {
    const legacy = await connectSse(`${hub.url}/sse`, { token: hub.token });
    const r = await legacy.client.callTool({ name: "fx__echo", arguments: { text: "over sse" } });
    expect(r.content).toEqual([{ type: "text", text: "over sse" }]);
    await legacy.close();
  });

  it("tells clients the tool list changed when a server's list changes", async () => {
    let changed = 0;
    main.client.setNotificationHandler(
      (await import("@modelcontextprotocol/sdk/types.js")).ToolListChangedNotificationSchema,
      () => {
        changed++;
      },
    );
    await main.client.callTool({ name: "fx__toggle_tool", arguments: {} });
    await vi.waitFor(async () => {
      expect(changed).toBeGreaterThan(0);
      const { tools } = await main.client.listTools();
      expect(tools.map((t) => t.name)).toContain("fx__extra_tool");
    });
  });
});

import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import {
  ResourceUpdatedNotificationSchema,
  type CreateMessageRequest,
} from "@modelcontextprotocol/sdk/types.js";
import { connectStreamableHttp, type ConnectedClient } from "../support/mcpClient.js";
import { TEST_IMAGES } from "../support/images.js";
import { startTestHub, type TestHub, textOf } from "./hubKit.js";

/** Server→client traffic through the hub: sampling, elicitation, roots, cancellation, subscriptions, completion. */
describe.skipIf(!inject("mcpHubTestDocker"))("relay through the hub container", () => {
  let hub: TestHub;
  const open: ConnectedClient[] = [];
  const connect = async (options: Parameters<typeof connectStreamableHttp>[1] = {}) => {
    const c = await connectStreamableHttp(`${hub.url}/mcp`, { token: hub.token, ...options });
    open.push(c);
    return c;
  };

  beforeAll(async () => {
    hub = await startTestHub();
    const fx = await hub.addServer({ name: "fx", kind: "image", image: TEST_IMAGES.fixture });
    expect(fx.state).toBe("ready");
  });

  afterAll(async () => {
    await Promise.allSettled(open.map((c) => c.close()));
    await hub?.dispose();
  });

  it("sends each of two concurrent clients only its own sampling request and its own answer", async () => {
    const seen: Record<"a" | "b", string[]> = { a: [], b: [] };
    // Both handlers hold their answer until both requests are out, so the two calls truly overlap.
    let arrived = 0;
    let release!: () => void;
    const bothArrived = new Promise<void>((resolve) => (release = resolve));
    const handler = (who: "a" | "b") => async (req: CreateMessageRequest["params"]) => {
      const content = req.messages[0]?.content as { text: string };
      seen[who].push(content.text);
      if (++arrived === 2) release();
      await Promise.race([bothArrived, new Promise((r) => setTimeout(r, 10_000))]);
      return {
        role: "assistant" as const,
        model: `model-${who}`,
        content: { type: "text" as const, text: `${who} answers ${content.text}` },
      };
    };
    const a = await connect({ name: "client-a", handlers: { sampling: handler("a") } });
    const b = await connect({ name: "client-b", handlers: { sampling: handler("b") } });

    const [ra, rb] = await Promise.all([
      a.client.callTool({ name: "fx__sample", arguments: { prompt: "prompt from A" } }),
      b.client.callTool({ name: "fx__sample", arguments: { prompt: "prompt from B" } }),
    ]);
    expect(seen).toEqual({ a: ["prompt from A"], b: ["prompt from B"] });
    expect(textOf(ra)).toBe("a answers prompt from A");
    expect(textOf(rb)).toBe("b answers prompt from B");
  });

  it("relays elicitation and roots/list to the calling client", async () => {
    const asked: string[] = [];
    const c = await connect({
      handlers: {
        elicitation: (req) => {
          asked.push(req.message);
          return { action: "accept", content: { answer: "forty-two" } };
        },
        roots: [{ uri: "file:///work/project", name: "project" }],
      },
    });
    const bystander = await connect({
      handlers: {
        elicitation: () => {
          throw new Error("the bystander must not be asked");
        },
        roots: [{ uri: "file:///elsewhere" }],
      },
    });
    const elicited = await c.client.callTool({ name: "fx__elicit", arguments: { message: "your answer?" } });
    expect(asked).toEqual(["your answer?"]);
    expect(JSON.parse(textOf(elicited))).toEqual({ action: "accept", content: { answer: "forty-two" } });

    const roots = await c.client.callTool({ name: "fx__roots", arguments: {} });
    expect(JSON.parse(textOf(roots))).toEqual(["file:///work/project"]);
    const theirs = await bystander.client.callTool({ name: "fx__roots", arguments: {} });
    expect(JSON.parse(textOf(theirs))).toEqual(["file:///elsewhere"]);
  });

  it("forwards a cancellation to the server", async () => {
    const c = await connect();
    const count = async () =>
      (
        JSON.parse(textOf(await c.client.callTool({ name: "fx__cancellations", arguments: {} }))) as {
          count: number;
        }
      ).count;
    const before = await count();
    const controller = new AbortController();
    const slow = c.client.callTool({ name: "fx__slow", arguments: { ms: 30_000 } }, undefined, {
      signal: controller.signal,
    });
    slow.catch(() => undefined);
    // A later call on the same connection answered means the slow one reached the server before it.
    await c.client.callTool({ name: "fx__echo", arguments: { text: "barrier" } });
    const started = Date.now();
    controller.abort("user gave up");
    await expect(slow).rejects.toThrow();
    await vi.waitFor(async () => expect(await count()).toBe(before + 1), { timeout: 10_000 });
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it("sends resources/updated to the subscribed client only", async () => {
    const subscriber = await connect();
    const other = await connect();
    const got: Record<string, string[]> = { subscriber: [], other: [] };
    subscriber.client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => {
      got.subscriber!.push(n.params.uri);
    });
    other.client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => {
      got.other!.push(n.params.uri);
    });
    await subscriber.client.subscribeResource({ uri: "fixture://static" });
    // The other client causes the change; only the subscriber hears of it.
    const bumped = await other.client.callTool({ name: "fx__bump_resource", arguments: {} });
    expect(textOf(bumped)).toBe("bumped");
    await vi.waitFor(() => expect(got.subscriber).toEqual(["fixture://static"]));
    await other.client.ping(); // a round trip after the notification would have been sent
    expect(got.other).toEqual([]);

    await subscriber.client.unsubscribeResource({ uri: "fixture://static" });
    const after = await other.client.callTool({ name: "fx__bump_resource", arguments: {} });
    expect(textOf(after)).toBe("not subscribed");
  });

  it("completes prompt arguments and resource template variables", async () => {
    const c = await connect();
    const prompt = await c.client.complete({
      ref: { type: "ref/prompt", name: "fx__greet" },
      argument: { name: "name", value: "a" },
    });
    expect(prompt.completion.values).toEqual(["Alice"]);
    const template = await c.client.complete({
      ref: { type: "ref/resource", uri: "fixture://item/{id}" },
      argument: { name: "id", value: "g" },
    });
    expect(template.completion.values).toEqual(["gamma"]);
  });

  it("answers ping", async () => {
    const c = await connect();
    await expect(c.client.ping()).resolves.toEqual({});
  });
});

/**
 * An agent registered by URL (the fixture agent, in this process) as MCP tools on /mcp of an in-process hub: the
 * tools and their description, echo, progress of a streaming task, a task continued after input-required, data and
 * files, a failing task, cancellation reaching the agent, and the audit of it all.
 */
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { CallToolResultSchema, type CallToolResult, type Progress } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startFixtureAgent, type FixtureAgent } from "../../fixtures/a2aAgent.js";
import { startLocalHub, type LocalHub } from "../../support/localHub.js";
import { connectStreamableHttp } from "../../support/mcpClient.js";

describe("an agent registered by URL, as MCP tools", () => {
  let agent: FixtureAgent;
  let hub: LocalHub;
  let client: Client;
  const api = async <T = unknown>(method: string, path: string, body?: unknown) => {
    const response = await fetch(`${hub.url}/api${path}`, {
      method,
      headers: {
        authorization: `Bearer ${hub.token}`,
        ...(body ? { "content-type": "application/json" } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    return {
      status: response.status,
      body: (await response.json().catch(() => undefined)) as T,
    };
  };
  const call = async (name: string, args: Record<string, unknown>, onprogress?: (p: Progress) => void) =>
    (await client.callTool({ name, arguments: args }, CallToolResultSchema, {
      onprogress,
    })) as CallToolResult;
  const texts = (result: CallToolResult) =>
    result.content.flatMap((c) => (c.type === "text" ? [c.text] : []));

  beforeAll(async () => {
    agent = await startFixtureAgent({ stepMs: 50 });
    hub = await startLocalHub();
    const added = await api("POST", "/agents", { name: "fixture", url: agent.url });
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    client = (await connectStreamableHttp(`${hub.url}/mcp`, { token: hub.token })).client;
  });
  afterAll(async () => {
    await client?.close();
    await hub?.dispose();
    await agent?.close();
  });

  it("lists send_message with the card's skills, and the task tools", async () => {
    const { tools } = await client.listTools();
    const mine = tools.filter((t) => t.name.startsWith("fixture__"));
    expect(mine.map((t) => t.name).sort()).toEqual([
      "fixture__cancel_task",
      "fixture__get_task",
      "fixture__send_message",
    ]);
    const send = mine.find((t) => t.name === "fixture__send_message");
    expect(send?.description).toContain('A2A agent "Fixture agent"');
    expect(send?.description).toContain('- Echo: Says back what it was told (e.g. "echo hello")');
    expect(mine.find((t) => t.name === "fixture__get_task")?.annotations?.readOnlyHint).toBe(true);
  });

  it("echoes, with the task's ids in structuredContent", async () => {
    const result = await call("fixture__send_message", { message: "echo hello there" });
    expect(result.isError).toBeFalsy();
    expect(texts(result)).toContain("echo: hello there");
    expect(result.structuredContent).toMatchObject({ state: "completed", taskId: expect.any(String) });
  });

  it("reports a streaming task's steps as progress and gathers its appended chunks", async () => {
    const progress: Progress[] = [];
    const result = await call("fixture__send_message", { message: "stream 3" }, (p) => progress.push(p));
    expect(progress.map((p) => p.message)).toEqual(
      expect.arrayContaining(["working: step 1/3", "working: step 3/3", "artifact chunks: chunk 3;"]),
    );
    expect(progress.map((p) => p.progress)).toEqual(progress.map((_, i) => i + 1));
    expect(texts(result)).toEqual(expect.arrayContaining(["chunk 1;", "chunk 2;", "chunk 3;"]));
    expect(result.structuredContent).toMatchObject({ state: "completed" });
  });

  it("continues a task that asks for input with the same task and context ids", async () => {
    const asked = await call("fixture__send_message", { message: "ask" });
    expect(asked.isError).toBeFalsy();
    expect(texts(asked)[0]).toContain("What is your name?");
    const { taskId, contextId, state } = asked.structuredContent as Record<string, string>;
    expect(state).toBe("input-required");
    const answered = await call("fixture__send_message", { message: "Ada", taskId, contextId });
    expect(texts(answered)).toContain("Hello, Ada!");
    expect(answered.structuredContent).toMatchObject({ taskId, contextId, state: "completed" });
    const got = await call("fixture__get_task", { taskId });
    expect(got.structuredContent).toMatchObject({ taskId, state: "completed" });
  });

  it("gives data as structuredContent and files as resources", async () => {
    const result = await call("fixture__send_message", { message: "data" });
    expect(result.structuredContent).toMatchObject({ data: { answer: 42 } });
    const file = result.content.find((c) => c.type === "resource");
    expect(file).toMatchObject({
      type: "resource",
      resource: {
        mimeType: "text/plain",
        uri: expect.stringMatching(/^a2a:\/\/fixture\/tasks\/.+\/hello\.txt$/),
      },
    });
    const blob = file?.type === "resource" && "blob" in file.resource ? file.resource.blob : "";
    expect(Buffer.from(String(blob), "base64").toString()).toBe("hello, file");
  });

  it("answers a direct message without a task", async () => {
    const result = await call("fixture__send_message", { message: "message hi" });
    expect(texts(result)).toEqual(["a message: hi"]);
  });

  it("makes a failed task an error result with the agent's reason", async () => {
    const result = await call("fixture__send_message", { message: "fail" });
    expect(result.isError).toBe(true);
    expect(texts(result)[0]).toContain("failed\nthe fixture failed on purpose");
    const missing = await call("fixture__get_task", { taskId: "no-such-task" });
    expect(missing.isError).toBe(true);
    expect(texts(missing)[0]).toMatch(/TaskNotFoundError/);
  });

  it("cancels the task at the agent when the call is cancelled", async () => {
    const controller = new AbortController();
    let first = "";
    const calling = client.callTool(
      { name: "fixture__send_message", arguments: { message: "slow" } },
      CallToolResultSchema,
      {
        signal: controller.signal,
        onprogress: (p) => {
          first ||= p.message ?? "";
          controller.abort();
        },
      },
    );
    await expect(calling).rejects.toThrow();
    const taskId = /^task (\S+) \(context \S+\) submitted/.exec(first)?.[1];
    expect(taskId, first).toBeTruthy();
    await vi.waitFor(
      async () => {
        const task = await call("fixture__get_task", { taskId });
        expect(task.structuredContent).toMatchObject({ state: "canceled" });
      },
      { timeout: 5_000 },
    );
    await vi.waitFor(async () => {
      const audit = await api<{ events: { name?: string; outcome: string }[] }>(
        "GET",
        "/audit?server=fixture&limit=50",
      );
      const events = audit.body.events;
      expect(events.some((e) => e.name === "send_message" && e.outcome === "cancelled")).toBe(true);
    });
  });

  it("shows the agent over REST with its card and tools", async () => {
    const { status, body } = await api<{ agents: { tools: string[] }[] }>("GET", "/agents");
    expect(status).toBe(200);
    const view = body.agents[0];
    expect(view).toMatchObject({
      name: "fixture",
      state: "ready",
      source: "url",
      location: agent.url,
      card: { name: "Fixture agent", protocolVersion: "1.0", binding: "JSONRPC", streaming: true },
    });
    expect(view?.tools.sort()).toEqual([
      "fixture__cancel_task",
      "fixture__get_task",
      "fixture__send_message",
    ]);
  });
});

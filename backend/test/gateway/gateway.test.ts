/**
 * The A2A gateway of an in-process hub, with the fixture agent registered by URL: A2A clients of the SDK (1.0 and
 * 0.3) through it — send, stream, get, cancel — behind the token; the card it serves; read-only mode refusing what
 * changes things; and every kind of bad input and failing agent answered with a clear JSON-RPC error while the
 * gateway stays up.
 */
import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { TaskState, type AgentCard, type StreamResponse } from "@a2a-js/sdk";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { fixtureCard, startFixtureAgent, type FixtureAgent } from "../fixtures/a2aAgent.js";
import { rawRequest } from "../hub/hubKit.js";
import {
  connectA2A,
  connectA2A03,
  ROUND_TRIP_DONE,
  sendStreamGetCancel,
  startSlowTask,
  textRequest,
} from "../support/a2aClient.js";
import { startLocalHub, type LocalHub } from "../support/localHub.js";

type RpcAnswer = {
  id: unknown;
  error?: { code: number; message: string; data?: { code?: string } };
  result?: unknown;
};

describe("the A2A gateway", () => {
  let agent: FixtureAgent;
  let hub: LocalHub;
  let gateway: string;
  /** Answers its card, then never answers a call: a hung agent. */
  let hung: Server;
  const api = (method: string, path: string, body?: unknown) =>
    fetch(`${hub.url}/api${path}`, {
      method,
      headers: { authorization: `Bearer ${hub.token}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const post = async (path: string, body: string, headers: Record<string, string> = {}) => {
    const response = await fetch(`${gateway}${path}`, {
      method: "POST",
      headers: { authorization: `Bearer ${hub.token}`, "content-type": "application/json", ...headers },
      body,
    });
    return { status: response.status, body: (await response.json()) as RpcAnswer };
  };
  const rpc = (method: string, params: unknown = {}) =>
    JSON.stringify({ jsonrpc: "2.0", id: 7, method, params });
  /** An A2A 0.3 message with one text part, as raw JSON (0.3's message/send and message/stream take it). */
  const message03 = (text: string) => ({
    message: { kind: "message", messageId: randomUUID(), role: "user", parts: [{ kind: "text", text }] },
  });

  beforeAll(async () => {
    agent = await startFixtureAgent({ stepMs: 50 });
    hung = createServer((req, res) => {
      if (req.method === "GET") {
        const url = `http://127.0.0.1:${(hung.address() as AddressInfo).port}/`;
        res
          .writeHead(200, { "content-type": "application/json" })
          .end(JSON.stringify(fixtureCard(url, "1.0")));
      } // POSTs get no answer
    });
    await new Promise<void>((resolve) => hung.listen(0, "127.0.0.1", resolve));
    hub = await startLocalHub({ gateway: true });
    gateway = hub.gatewayUrl as string;
    expect((await api("POST", "/agents", { name: "fixture", url: agent.url })).status).toBe(201);
    const hungUrl = `http://127.0.0.1:${(hung.address() as AddressInfo).port}/`;
    expect((await api("POST", "/agents", { name: "hung", url: hungUrl, callTimeoutMs: 300 })).status).toBe(
      201,
    );
  });
  afterAll(async () => {
    await hub?.dispose();
    await agent?.close();
    hung?.closeAllConnections();
    await new Promise((resolve) => hung?.close(resolve));
  });

  it("needs the hub's token, and checks Host", async () => {
    const bare = await fetch(`${gateway}/agents`);
    expect(bare.status).toBe(401);
    expect(bare.headers.get("www-authenticate")).toContain("Bearer");
    expect(((await bare.json()) as RpcAnswer).error?.data?.code).toBe("unauthorized");
    // fetch may not set Host; node's http client may.
    const rebound = await rawRequest(`${gateway}/agents/fixture`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${hub.token}`,
        "content-type": "application/json",
        host: "evil.example",
      },
      body: rpc("GetTask", { id: "x" }),
    });
    expect(rebound.status).toBe(403);
    const foreignOrigin = await rawRequest(`${gateway}/agents`, {
      method: "GET",
      headers: { authorization: `Bearer ${hub.token}`, origin: "http://evil.example" },
    });
    expect(foreignOrigin.status).toBe(403);
  });

  it("lists the agents with their cards and endpoints on the gateway", async () => {
    const response = await fetch(`${gateway}/agents`, { headers: { authorization: `Bearer ${hub.token}` } });
    const { agents } = (await response.json()) as { agents: { name: string; url: string; card: string }[] };
    expect(agents.find((a) => a.name === "fixture")).toMatchObject({
      url: `${gateway}/agents/fixture`,
      card: `${gateway}/agents/fixture/.well-known/agent-card.json`,
      state: "ready",
      description: expect.stringContaining("Echoes"),
    });
  });

  it("serves the card pointing at itself, declaring its bearer auth", async () => {
    const read = async (version?: string) =>
      (await (
        await fetch(`${gateway}/agents/fixture/.well-known/agent-card.json`, {
          headers: { authorization: `Bearer ${hub.token}`, ...(version ? { "a2a-version": version } : {}) },
        })
      ).json()) as Record<string, unknown>;
    const card = await read("1.0");
    expect(card.supportedInterfaces).toEqual([
      { url: `${gateway}/agents/fixture`, protocolBinding: "JSONRPC", protocolVersion: "1.0" },
      { url: `${gateway}/agents/fixture`, protocolBinding: "JSONRPC", protocolVersion: "0.3" },
    ]);
    expect(card.securitySchemes).toEqual({
      "mcp-hub": { httpAuthSecurityScheme: expect.objectContaining({ scheme: "Bearer" }) },
    });
    expect(card.url).toBeUndefined();
    expect(JSON.stringify(card)).not.toContain(agent.url);
    // A client naming no version is a 0.3 one: it also gets the 0.3 fields.
    expect(await read()).toMatchObject({ url: `${gateway}/agents/fixture`, preferredTransport: "JSONRPC" });
  });

  it("carries send, stream, get and cancel of an SDK client (A2A 1.0)", async () => {
    const client = await connectA2A(`${gateway}/agents/fixture`, hub.token);
    expect(client.protocolVersion).toBe("1.0");
    expect(await sendStreamGetCancel(client, 3)).toEqual(ROUND_TRIP_DONE(3));
  });

  it("streams with the event-stream head of every stream the hub sends", async () => {
    const response = await fetch(`${gateway}/agents/fixture`, {
      method: "POST",
      headers: { authorization: `Bearer ${hub.token}`, "content-type": "application/json" },
      body: rpc("message/stream", message03("echo head")),
    });
    const head = ["content-type", "cache-control", "connection", "x-accel-buffering"].map((name) =>
      response.headers.get(name),
    );
    expect(head).toEqual(["text/event-stream", "no-cache, no-transform", "keep-alive", "no"]);
    expect(await response.text()).toContain(`"text":"echo: head"`);
  });

  it("carries a subscription to a running task, until the task is cancelled", async () => {
    const client = await connectA2A(`${gateway}/agents/fixture`, hub.token);
    const { taskId, stream } = await startSlowTask(client);
    await stream.return(undefined); // the caller leaves; the task goes on at the agent
    const seen: StreamResponse[] = [];
    for await (const event of client.resubscribeTask({ tenant: "", id: taskId })) {
      seen.push(event);
      if (seen.length === 2) await client.cancelTask({ tenant: "", id: taskId, metadata: undefined });
    }
    const last = seen.at(-1)?.payload;
    expect(last?.$case === "statusUpdate" && last.value.status?.state).toBe(TaskState.TASK_STATE_CANCELED);
  });

  it("carries an A2A 0.3 client to an agent that speaks 0.3 too", async () => {
    const card = fixtureCard(`${gateway}/agents/fixture`, "0.3") as AgentCard;
    const client = connectA2A03(`${gateway}/agents/fixture`, card, hub.token);
    const sent = await client.sendMessage(textRequest("echo old"));
    expect("status" in sent && sent.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
  });

  it("refuses what changes an agent's tasks in read-only mode, audited as denied, while reads go on", async () => {
    const client = await connectA2A(`${gateway}/agents/fixture`, hub.token);
    const before = await client.sendMessage(textRequest("echo before"));
    const taskId = "id" in before ? before.id : "";
    expect((await api("PUT", "/settings", { readOnly: true })).status).toBe(200);
    try {
      for (const [method, params] of [
        ["SendMessage", textRequest("echo during")],
        ["SendStreamingMessage", textRequest("echo during")],
        ["CancelTask", { id: taskId }],
        ["message/send", message03("echo during")],
        ["message/stream", message03("echo during")],
        ["tasks/cancel", { id: taskId }],
      ] as const) {
        const refused = await post("/agents/fixture", rpc(method, params));
        expect(refused.body.error, method).toMatchObject({
          code: -32000,
          message: expect.stringMatching(/^\S+ may change things .* read-only mode/),
          data: { code: "read_only" },
        });
        expect(refused.body.error?.message).toContain('PUT /api/settings {"readOnly": false}');
      }
      const read = await client.getTask({ tenant: "", id: taskId, historyLength: undefined });
      expect(read.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
      await expect(client.sendMessage(textRequest("echo during"))).rejects.toThrow(/read-only mode/);
    } finally {
      await api("PUT", "/settings", { readOnly: false });
    }
    const after = await client.sendMessage(textRequest("echo after"));
    expect("status" in after && after.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
    await vi.waitFor(async () => {
      const { events } = (await (
        await api("GET", "/audit?server=fixture&outcome=denied&limit=100")
      ).json()) as {
        events: { method: string; transport?: string; error?: string }[];
      };
      expect(events.find((e) => e.method === "CancelTask")).toMatchObject({
        transport: "a2a",
        error: expect.stringContaining("read-only mode"),
      });
    });
  });

  it("audits every call as the MCP side does", async () => {
    await vi.waitFor(async () => {
      const { events } = (await (await api("GET", "/audit?server=fixture&limit=100")).json()) as {
        events: { method: string; transport?: string; outcome: string; argsHash?: string }[];
      };
      const methods = events.filter((e) => e.transport === "a2a").map((e) => e.method);
      expect(methods).toEqual(
        expect.arrayContaining([
          "SendMessage",
          "SendStreamingMessage",
          "GetTask",
          "CancelTask",
          "message/send",
        ]),
      );
      expect(events.find((e) => e.method === "SendMessage")?.argsHash).toMatch(/^[0-9a-f]{64}$/);
    });
    const metrics = await (await fetch(`${hub.url}/metrics`)).text();
    expect(metrics).toMatch(/mcp_hub_calls_total\{server="fixture",tool="SendMessage",outcome="ok"\} \d+/);
  });

  it("answers bad input with JSON-RPC errors", async () => {
    expect((await post("/agents/fixture", "{not json")).body.error?.code).toBe(-32700);
    expect(
      (await post("/agents/fixture", JSON.stringify({ jsonrpc: "2.0", method: "GetTask" }))).body.error?.code,
    ).toBe(-32600);
    const unknown = await post("/agents/fixture", rpc("tasks/explode"));
    expect(unknown.body).toMatchObject({ id: 7, error: { code: -32601 } });
    expect(unknown.body.error?.message).toContain("SendMessage");
    const push = await post("/agents/fixture", rpc("CreateTaskPushNotificationConfig"));
    expect(push.body.error).toMatchObject({ code: -32004, message: expect.stringContaining("not proxied") });
    const noAgent = await post("/agents/nobody", rpc("GetTask", { id: "x" }));
    expect(noAgent.status).toBe(404);
    expect(noAgent.body.error?.data?.code).toBe("agent_not_found");
    const big = await post("/agents/fixture", rpc("SendMessage", { pad: "x".repeat(9 * 1024 * 1024) }));
    expect(big.status).toBe(413);
    const typed = await fetch(`${gateway}/agents/fixture`, {
      method: "POST",
      headers: { authorization: `Bearer ${hub.token}`, "content-type": "text/plain" },
      body: rpc("GetTask"),
    });
    expect(typed.status).toBe(415);
    // Errors of the agent's own pass through as it sent them.
    const missing = await post("/agents/fixture", rpc("GetTask", { id: "no-such-task" }), {
      "a2a-version": "1.0",
    });
    expect(missing.body.error?.code).toBe(-32001);
  });

  it("times a hung agent out, and opens its breaker after repeated failures", async () => {
    const timedOut = await post("/agents/hung", rpc("GetTask", { id: "x" }), { "a2a-version": "1.0" });
    expect(timedOut.status).toBe(504);
    expect(timedOut.body.error).toMatchObject({ code: -32603, data: { code: "call_timeout" } });
    for (let i = 0; i < 4; i++)
      await post("/agents/hung", rpc("GetTask", { id: "x" }), { "a2a-version": "1.0" });
    const refused = await post("/agents/hung", rpc("GetTask", { id: "x" }), { "a2a-version": "1.0" });
    expect(refused.status).toBe(503);
    expect(refused.body.error?.data?.code).toMatch(/circuit_open|downstream_unavailable/);
  });

  it("ends a stream whose agent dies with an error event, and stays up", async () => {
    const client = await connectA2A(`${gateway}/agents/fixture`, hub.token);
    const stream = client.sendMessageStream(textRequest("slow"));
    await stream.next();
    const started = Date.now();
    await agent.close(); // the agent process goes away mid-stream
    await expect(
      (async () => {
        for await (const _event of stream) void _event;
      })(),
    ).rejects.toThrow(/stream broke off|agent/);
    expect(Date.now() - started).toBeLessThan(10_000);
    const after = await fetch(`${gateway}/agents`, { headers: { authorization: `Bearer ${hub.token}` } });
    expect(after.status).toBe(200);
  });
});

/**
 * The fixture agent from its test image (built with @a2a-js/sdk), run by the hub container as an agent, hardened,
 * labelled and on the internal network like a server's container: an MCP client drives it through /mcp (progress,
 * continuation, cancellation), an A2A SDK client through the gateway (send, stream, get, cancel) with the token
 * required and the audit written; killed mid-stream, both callers get an error within 10 s and the agent comes back
 * alone; a restarted hub adopts its container.
 */
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { CallToolResultSchema, type CallToolResult, type Progress } from "@modelcontextprotocol/sdk/types.js";
import { TaskState } from "@a2a-js/sdk";
import type { AgentView, AuditEventsResponse } from "@mcp-hub/contracts";
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { connectA2A, ROUND_TRIP_DONE, sendStreamGetCancel, textRequest } from "../support/a2aClient.js";
import { startHubContainer, type HubContainer } from "../support/hubContainer.js";
import { A2A_AGENT_PORT, docker, TEST_IMAGES } from "../support/images.js";
import { connectStreamableHttp } from "../support/mcpClient.js";

const AGENT = "helper";

describe.skipIf(!inject("mcpHubTestDocker"))("an agent run from an image, behind the hub container", () => {
  let hub: HubContainer;
  let mcp: Client;
  const agentView = async () => (await hub.api<AgentView>("GET", `/agents/${AGENT}`)).body;
  const untilReady = (previous?: string) =>
    vi.waitFor(
      async () => {
        const view = await agentView();
        expect(view.state).toBe("ready");
        if (previous) expect(view.containerId).not.toBe(previous);
        return view;
      },
      { timeout: 60_000, interval: 250 },
    );
  const call = async (name: string, args: Record<string, unknown>, options: CallOptions = {}) =>
    (await mcp.callTool({ name, arguments: args }, CallToolResultSchema, options)) as CallToolResult;

  beforeAll(async () => {
    hub = await startHubContainer();
    const added = await hub.api<AgentView>("POST", "/agents", {
      name: AGENT,
      image: TEST_IMAGES.a2a,
      port: A2A_AGENT_PORT,
      env: { AGENT_STEP_MS: "100" },
    });
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    await untilReady();
    mcp = (await connectStreamableHttp(`${hub.url}/mcp`, { token: hub.token })).client;
  });
  afterAll(async () => {
    await mcp?.close();
    await hub?.remove();
  });

  it("runs it hardened, with its card and tools", async () => {
    const view = await agentView();
    expect(view).toMatchObject({ source: "image", card: { name: "Fixture agent", protocolVersion: "1.0" } });
    expect(view.tools).toEqual(
      expect.arrayContaining([`${AGENT}__send_message`, `${AGENT}__get_task`, `${AGENT}__cancel_task`]),
    );
    const inspect = await docker(["inspect", "--format", "{{json .}}", view.containerId ?? ""]);
    const container = JSON.parse(inspect.stdout) as {
      HostConfig: { ReadonlyRootfs: boolean; CapDrop: string[] };
      Config: { Labels: Record<string, string> };
      NetworkSettings: { Networks: Record<string, unknown> };
    };
    expect(container.HostConfig.ReadonlyRootfs).toBe(true);
    expect(container.HostConfig.CapDrop).toContain("ALL");
    // Labelled like a server's container (the hub re-adopts it by these), and without egress: internal network only.
    expect(container.Config.Labels).toMatchObject({
      "mcp.server": AGENT,
      "mcp-hub.managed": "true",
      "mcp.governance.level": expect.stringMatching(/^(low|medium|high)$/),
    });
    expect(Object.keys(container.NetworkSettings.Networks)).toEqual(["mcp-hub-internal"]);
  });

  it("is listed, shown, refused and removed by mcp-hub agent", async () => {
    const ls = await hub.cli(["agent", "ls"]);
    expect(ls.code, ls.stderr).toBe(0);
    expect(ls.stdout).toMatch(new RegExp(`${AGENT}\\s+image\\s+ready\\s+1\\.0\\s+2`));
    expect(ls.stdout).toContain("A2A gateway:");
    const status = await hub.cli(["agent", "status", AGENT]);
    expect(status.stdout).toContain("card: Fixture agent 1.0.0 (A2A 1.0 over JSONRPC, streaming)");
    expect(status.stdout).toContain("skill Echo: Says back what it was told");
    const refused = await hub.cli(["agent", "add", "nowhere", "--card", "http://127.0.0.1:9/"]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/agent "nowhere" was not added: could not fetch the agent card/);
    const usage = await hub.cli(["agent", "add", "nowhere"]);
    expect(usage.stderr).toContain("give either --card <agent card URL> or --image <image>");
    const added = await hub.cli([
      "agent",
      "add",
      "twin",
      "--image",
      TEST_IMAGES.a2a,
      "--port",
      String(A2A_AGENT_PORT),
    ]);
    expect(added.code, added.stderr).toBe(0);
    expect((await hub.cli(["agent", "rm", "twin"])).stdout).toContain("removed twin");
    expect((await hub.api("GET", "/agents/twin")).status).toBe(404);
  });

  it("answers an MCP client on /mcp: progress, continuation, cancellation", async () => {
    const progress: Progress[] = [];
    const streamed = await call(
      `${AGENT}__send_message`,
      { message: "stream 3" },
      { onprogress: (p) => progress.push(p) },
    );
    expect(streamed.structuredContent).toMatchObject({ state: "completed" });
    expect(progress.map((p) => p.message)).toContain("working: step 3/3");

    const asked = await call(`${AGENT}__send_message`, { message: "ask" });
    const { taskId, contextId } = asked.structuredContent as Record<string, string>;
    expect(asked.structuredContent).toMatchObject({ state: "input-required" });
    const answered = await call(`${AGENT}__send_message`, { message: "Grace", taskId, contextId });
    expect(JSON.stringify(answered.content)).toContain("Hello, Grace!");

    const controller = new AbortController();
    let slowTask = "";
    const slow = call(
      `${AGENT}__send_message`,
      { message: "slow" },
      {
        signal: controller.signal,
        onprogress: (p) => {
          slowTask ||= /task (\S+)/.exec(p.message ?? "")?.[1] ?? "";
          if (slowTask) controller.abort();
        },
      },
    );
    await expect(slow).rejects.toThrow();
    await vi.waitFor(async () => {
      const got = await call(`${AGENT}__get_task`, { taskId: slowTask });
      expect(got.structuredContent).toMatchObject({ state: "canceled" });
    });
  });

  it("answers an A2A client through the gateway, with the token required and the audit written", async () => {
    const bare = await fetch(`${hub.gatewayUrl}/agents`);
    expect(bare.status).toBe(401);
    const client = await connectA2A(`${hub.gatewayUrl}/agents/${AGENT}`, hub.token);
    expect(await sendStreamGetCancel(client, 2)).toEqual(ROUND_TRIP_DONE(2));

    await vi.waitFor(async () => {
      const { body } = await hub.api<AuditEventsResponse>("GET", `/audit?server=${AGENT}&limit=200`);
      const methods = body.events.filter((e) => e.transport === "a2a").map((e) => e.method);
      expect(methods).toEqual(
        expect.arrayContaining(["SendMessage", "SendStreamingMessage", "GetTask", "CancelTask"]),
      );
      expect(body.events.some((e) => e.method === "tools/call" && e.name === "send_message")).toBe(true);
    });
  });

  it("fails both callers within 10 s when the agent is killed mid-stream, and brings it back alone", async () => {
    const before = await agentView();
    const client = await connectA2A(`${hub.gatewayUrl}/agents/${AGENT}`, hub.token);
    const stream = client.sendMessageStream(textRequest("slow"));
    await stream.next();
    let mcpStarted!: () => void;
    const mcpStreaming = new Promise<void>((resolve) => (mcpStarted = resolve));
    const mcpCall = call(`${AGENT}__send_message`, { message: "slow" }, { onprogress: () => mcpStarted() });
    const mcpOutcome = mcpCall.then(
      (result) => (result.isError ? "error result" : "answered"),
      () => "rejected",
    );
    await mcpStreaming;
    const killedAt = Date.now();
    expect((await docker(["kill", before.containerId ?? ""])).code).toBe(0);
    await expect(
      (async () => {
        for await (const _event of stream) void _event;
      })(),
    ).rejects.toThrow();
    expect(["rejected", "error result"]).toContain(await mcpOutcome);
    expect(Date.now() - killedAt).toBeLessThan(10_000);

    const after = await untilReady(before.containerId);
    expect(after.restarts).toBeGreaterThan(before.restarts);
    const again = await call(`${AGENT}__send_message`, { message: "echo back again" });
    expect(JSON.stringify(again.content)).toContain("echo: back again");
  });

  it("adopts the agent's container when the hub restarts", async () => {
    const before = await untilReady();
    await hub.restart();
    const after = await untilReady();
    expect(after.containerId).toBe(before.containerId);
    const client = await connectA2A(`${hub.gatewayUrl}/agents/${AGENT}`, hub.token);
    const sent = await client.sendMessage(textRequest("echo after the restart"));
    expect("status" in sent && sent.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
  });
});

type CallOptions = { onprogress?: (progress: Progress) => void; signal?: AbortSignal };

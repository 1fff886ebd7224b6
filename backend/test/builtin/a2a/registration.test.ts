/**
 * Registering agents by URL on an in-process hub: cards the hub cannot use are refused with the reason and nothing
 * is stored; an agent's auth (a bearer token, or an API key in a header) comes from the secrets file and is never
 * shown; an agent of A2A 0.3 only is accepted and spoken to in 0.3.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { AgentsResponse, AgentView, ErrorBody } from "@mcp-hub/contracts";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { fixtureCard, startFixtureAgent, type FixtureAgent } from "../../fixtures/a2aAgent.js";
import { startLocalHub, type LocalHub } from "../../support/localHub.js";
import { freePort } from "../../support/ports.js";
import { connectStreamableHttp } from "../../support/mcpClient.js";

describe("registering an agent", () => {
  let hub: LocalHub;
  let mcp: Client;
  /** Serves whatever `cardBody` holds at every path. */
  let cards: Server;
  let cardBody = "";
  let cardsUrl = "";
  const agents: FixtureAgent[] = [];
  const api = async <T>(method: string, path: string, body?: unknown) => {
    const response = await fetch(`${hub.url}/api${path}`, {
      method,
      headers: {
        authorization: `Bearer ${hub.token}`,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json().catch(() => undefined)) as T };
  };
  const refusal = async (agent: Record<string, unknown>) => {
    const { status, body } = await api<ErrorBody>("POST", "/agents", { name: "refused", ...agent });
    const listed = await api<AgentsResponse>("GET", "/agents");
    expect(listed.body.agents.map((a) => a.name)).not.toContain("refused"); // nothing stored
    return { status, code: body.error, message: body.message };
  };

  beforeAll(async () => {
    cards = createServer((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" }).end(cardBody);
    });
    await new Promise<void>((resolve) => cards.listen(0, "127.0.0.1", resolve));
    cardsUrl = `http://127.0.0.1:${(cards.address() as AddressInfo).port}/`;
    hub = await startLocalHub();
    mcp = (await connectStreamableHttp(`${hub.url}/mcp`, { token: hub.token })).client;
  });
  afterAll(async () => {
    await mcp?.close();
    await hub?.dispose();
    for (const agent of agents) await agent.close();
    cards?.closeAllConnections();
    await new Promise((resolve) => cards?.close(resolve));
  });

  it("refuses an agent that does not answer, naming the card's URL and the cause", async () => {
    const closed = await freePort(); // nothing listens there
    const refused = await refusal({ url: `http://127.0.0.1:${closed}/` });
    expect(refused).toMatchObject({ status: 422, code: "agent_refused" });
    expect(refused.message).toMatch(
      new RegExp(
        `could not fetch the agent card at http://127\\.0\\.0\\.1:${closed}/\\.well-known/agent-card\\.json: .*ECONNREFUSED`,
      ),
    );
  });

  it("refuses a card that is not JSON, or not a card", async () => {
    cardBody = "<html>hello</html>";
    expect((await refusal({ url: cardsUrl })).message).toMatch(/is not JSON/);
    cardBody = JSON.stringify({ description: "no name, no interfaces" });
    expect((await refusal({ url: cardsUrl })).message).toMatch(/not a valid A2A card/);
  });

  it("refuses an agent whose interfaces the hub cannot speak, saying what it offers", async () => {
    cardBody = JSON.stringify({
      name: "grpc only",
      description: "",
      version: "1",
      supportedInterfaces: [{ url: "http://x/", protocolBinding: "GRPC", protocolVersion: "1.0" }],
      capabilities: {},
      skills: [],
    });
    const refused = await refusal({ url: cardsUrl });
    expect(refused.message).toMatch(/offers no interface the hub can talk to \(it offers: GRPC 1\.0\)/);
  });

  it("refuses a wrong source with the field to fix", async () => {
    const both = await api<ErrorBody>("POST", "/agents", { name: "x", url: cardsUrl, image: "a/b" });
    expect(both.status).toBe(400);
    expect(both.body.message).toMatch(/either url .* or image/);
    const noPort = await api<ErrorBody>("POST", "/agents", { name: "x", image: "a/b" });
    expect(noPort.body.message).toMatch(/needs the port/);
  });

  it("sends the agent's bearer token from the secrets file, and refuses while the secret is not set", async () => {
    const agent = await startFixtureAgent({ token: "t0ken-for-agent", stepMs: 10 });
    agents.push(agent);
    const auth = { type: "bearer", secret: "AGENT_TOKEN" };
    const unset = await refusal({ url: agent.url, auth });
    expect(unset.message).toMatch(/missing secret: AGENT_TOKEN \(set with `mcp-hub secret set NAME`\)/);
    expect((await api("PUT", "/secrets/AGENT_TOKEN", { value: "t0ken-for-agent" })).status).toBe(204);
    const added = await api<AgentView>("POST", "/agents", { name: "guarded", url: agent.url, auth });
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    const result = await mcp.callTool({
      name: "guarded__send_message",
      arguments: { message: "echo secret" },
    });
    expect(JSON.stringify(result.content)).toContain("echo: secret");
  });

  it("sends an API key from the secrets file in the header named, and never shows it", async () => {
    const key = "k3y-for-agent";
    const agent = await startFixtureAgent({ apiKey: { header: "X-API-Key", value: key }, stepMs: 10 });
    agents.push(agent);
    expect((await api("PUT", "/secrets/AGENT_KEY", { value: key })).status).toBe(204);
    const auth = { type: "header", header: "X-API-Key", secret: "AGENT_KEY" };
    // The key, but as a bearer token: the agent refuses it, and so the hub refuses the agent.
    const asBearer = await refusal({ url: agent.url, auth: { type: "bearer", secret: "AGENT_KEY" } });
    expect(asBearer.message).toMatch(/401/);
    const added = await api<AgentView>("POST", "/agents", { name: "keyed", url: agent.url, auth });
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    const result = await mcp.callTool({ name: "keyed__send_message", arguments: { message: "echo keyed" } });
    expect(JSON.stringify(result.content)).toContain("echo: keyed");
    const shown = await Promise.all(
      ["/agents/keyed", "/agents", "/servers"].map(async (path) => (await api("GET", path)).body),
    );
    shown.push(added.body);
    for (const body of shown) {
      expect(JSON.stringify(body)).toContain('"keyed"');
      expect(JSON.stringify(body)).not.toContain(key);
    }
  });

  it("accepts an agent of A2A 0.3 only and talks 0.3 to it", async () => {
    const agent = await startFixtureAgent({ protocol: "0.3", stepMs: 10 });
    agents.push(agent);
    const added = await api<AgentView>("POST", "/agents", { name: "legacy", url: agent.url });
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    expect(added.body.card).toMatchObject({ protocolVersion: "0.3", binding: "JSONRPC" });
    const result = await mcp.callTool({ name: "legacy__send_message", arguments: { message: "echo old" } });
    expect(JSON.stringify(result.content)).toContain("echo: old");
  });

  it("shows a card that broke since, with the reason, and recovers once it is fixed", async () => {
    const agent = await startFixtureAgent({ stepMs: 10 });
    agents.push(agent);
    cardBody = JSON.stringify(fixtureCard(agent.url, "1.0"));
    expect((await api("POST", "/agents", { name: "fickle", url: cardsUrl })).status).toBe(201);
    cardBody = JSON.stringify({ name: "fickle", supportedInterfaces: [] });
    await api("POST", "/servers/fickle/restart");
    await vi.waitFor(async () => {
      const { body } = await api<AgentView>("GET", "/agents/fickle");
      expect(body.lastError).toMatch(/the card declares no interface/);
    });
    cardBody = JSON.stringify(fixtureCard(agent.url, "1.0"));
    await api("POST", "/servers/fickle/restart");
    await vi.waitFor(async () => {
      const { body } = await api<AgentView>("GET", "/agents/fickle");
      expect(body).toMatchObject({ state: "ready", card: { name: "Fixture agent" } });
    });
  });
});

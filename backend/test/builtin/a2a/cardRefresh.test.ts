/**
 * An agent's card fetched again while it runs (its instance, in this process, refreshing every 50 ms instead of
 * every 5 minutes): new skills show in the directory and in send_message's description; a card that breaks keeps
 * the last good one usable with the reason beside it; once fixed, the reason goes.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { AgentCard } from "@a2a-js/sdk";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { agentOptionsSchema } from "@mcp-hub/contracts";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { AgentDirectory } from "../../../src/agents/index.js";
import { startAgent } from "../../../src/builtin/a2a/instance.js";
import type { BuiltinInstance } from "../../../src/hub/index.js";
import { createLogger } from "../../../src/log/index.js";
import { fixtureCard, startFixtureAgent, type FixtureAgent } from "../../fixtures/a2aAgent.js";

const REFRESH_MS = 50;

describe("an agent's card refreshed while it runs", () => {
  let agent: FixtureAgent;
  /** Serves whatever `cardBody` holds at every path: the agent's card as the test changes it. */
  let cards: Server;
  let cardBody = "";
  let instance: BuiltinInstance | undefined;
  let mcp: Client | undefined;
  const directory = new AgentDirectory();

  beforeEach(async () => {
    agent = await startFixtureAgent({ stepMs: 10 });
    cards = createServer((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" }).end(cardBody);
    });
    await new Promise<void>((resolve) => cards.listen(0, "127.0.0.1", resolve));
  });
  afterEach(async () => {
    await mcp?.close();
    await instance?.close?.();
    await agent.close();
    cards.closeAllConnections();
    await new Promise((resolve) => cards.close(resolve));
  });

  /** The fixture's card, with one more skill when `extraSkill` names it. */
  const card = (extraSkill?: string): AgentCard => {
    const base = fixtureCard(agent.url, "1.0");
    const [first] = base.skills;
    if (!extraSkill || !first) return base;
    return {
      ...base,
      skills: [...base.skills, { ...first, id: extraSkill.toLowerCase(), name: extraSkill }],
    };
  };

  const start = async () => {
    const url = `http://127.0.0.1:${(cards.address() as AddressInfo).port}/`;
    instance = await startAgent(
      {
        name: "fickle",
        options: agentOptionsSchema.parse({ url }),
        log: createLogger({ level: "silent" }),
        readOnly: () => false,
        secrets: async () => ({}),
        container: {
          ensureImage: () => Promise.reject(new Error("an agent by URL has no image")),
          run: () => Promise.reject(new Error("an agent by URL has no container")),
        },
      },
      { directory, version: "test", cardRefreshMs: REFRESH_MS },
    );
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await instance.createServer().connect(serverSide);
    mcp = new Client({ name: "test", version: "1" });
    await mcp.connect(clientSide);
  };
  const record = () => directory.get("fickle");
  const skillNames = () => record()?.view.skills.map((skill) => skill.name);
  const sendDescription = async () =>
    (await mcp?.listTools())?.tools.find((tool) => tool.name === "send_message")?.description;
  const echo = async (text: string) =>
    JSON.stringify(
      (await mcp?.callTool({ name: "send_message", arguments: { message: `echo ${text}` } }))?.content,
    );

  it("shows new skills, keeps the last good card while the card is broken, and clears the reason once fixed", async () => {
    cardBody = JSON.stringify(card());
    await start();
    expect(skillNames()).toEqual(["Echo", "Stream"]);
    expect(await sendDescription()).not.toContain("- Translate");

    cardBody = JSON.stringify(card("Translate"));
    await vi.waitFor(() => expect(skillNames()).toEqual(["Echo", "Stream", "Translate"]));
    expect(await sendDescription()).toContain("- Translate: Says back what it was told");

    cardBody = "<html>maintenance</html>";
    await vi.waitFor(() => expect(record()?.cardError).toMatch(/is not JSON/));
    expect(skillNames()).toEqual(["Echo", "Stream", "Translate"]);
    expect(await echo("still there")).toContain("echo: still there");

    cardBody = JSON.stringify(card("Translate"));
    await vi.waitFor(() => expect(record()?.cardError).toBeUndefined());
    expect(skillNames()).toEqual(["Echo", "Stream", "Translate"]);
  });
});

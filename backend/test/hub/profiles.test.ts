import { afterEach, describe, expect, it } from "vitest";
import type { ClientProfile } from "../../src/config/index.js";
import { singleServerScope } from "../../src/hub/index.js";
import { startUnitHub, type UnitHub } from "./unitHub.js";

const tool = (name: string) => ({ name, inputSchema: { type: "object" as const } });
let running: UnitHub | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

async function hubWith(profiles: Record<string, ClientProfile> | (() => Record<string, ClientProfile>)) {
  running = await startUnitHub({ profiles: typeof profiles === "function" ? profiles : () => profiles });
  const { hub } = running;
  const lists = { prompts: [], resources: [], resourceTemplates: [] };
  hub.catalog.set("fs", { ...lists, tools: [tool("read"), tool("write")] }, ["tools"]);
  hub.catalog.set("web", { ...lists, tools: [tool("fetch")] }, ["tools"]);
  return hub;
}

describe("per-client tool profiles", () => {
  it("shows every server's tools to a client without a profile", async () => {
    const hub = await hubWith({});
    const session = hub.createSession({ transport: "streamable-http", client: "cursor" });
    expect(hub.tools.list(session).tools.map((t) => t.name)).toEqual(["fs__read", "fs__write", "web__fetch"]);
  });

  it("narrows servers and hides tools for the client named in the profile", async () => {
    const hub = await hubWith({ "claude-desktop": { servers: ["fs"], hiddenTools: ["fs__write"] } });
    const claude = hub.createSession({ transport: "streamable-http", client: "claude-desktop" });
    const other = hub.createSession({ transport: "streamable-http", client: "vscode" });
    expect(hub.tools.list(claude).tools.map((t) => t.name)).toEqual(["fs__read"]);
    expect(hub.tools.list(other).tools).toHaveLength(3);
  });

  it("applies the profile on a single-server endpoint too", async () => {
    const hub = await hubWith({ "claude-desktop": { servers: ["fs"], hiddenTools: [] } });
    const session = hub.createSession({
      scope: singleServerScope("web"),
      transport: "streamable-http",
      client: "claude-desktop",
    });
    expect(hub.tools.list(session).tools).toEqual([]);
  });

  it("shares one list among the sessions of a scope and client until the catalog or the profile changes", async () => {
    let profiles: Record<string, ClientProfile> = {};
    const hub = await hubWith(() => profiles);
    const a = hub.createSession({ transport: "streamable-http", client: "cursor" });
    const b = hub.createSession({ transport: "streamable-http", client: "cursor" });
    const first = hub.tools.list(a);
    expect(hub.tools.list(b)).toBe(first);
    expect(Object.isFrozen(first.tools)).toBe(true);

    hub.catalog.set("db", { prompts: [], resources: [], resourceTemplates: [], tools: [tool("query")] }, [
      "tools",
    ]);
    const afterCatalog = hub.tools.list(a);
    expect(afterCatalog).not.toBe(first);
    expect(afterCatalog.tools.map((t) => t.name)).toContain("db__query");

    hub.catalog.remove("db");
    expect(hub.tools.list(a).tools.map((t) => t.name)).not.toContain("db__query");

    profiles = { cursor: { servers: ["web"], hiddenTools: [] } };
    expect(hub.tools.list(b).tools.map((t) => t.name)).toEqual(["web__fetch"]);
  });
});

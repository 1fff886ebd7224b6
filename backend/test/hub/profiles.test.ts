import { describe, expect, it } from "vitest";
import { createAuditLog } from "../../src/audit/index.js";
import { emptyState, type ClientProfile } from "../../src/config/index.js";
import { Hub, singleServerScope } from "../../src/hub/index.js";
import { createLogger } from "../../src/log/index.js";
import { createMetrics } from "../../src/metrics/index.js";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const tool = (name: string) => ({ name, inputSchema: { type: "object" as const } });

function hubWith(profiles: Record<string, ClientProfile> | (() => Record<string, ClientProfile>)) {
  const log = createLogger({ level: "silent" });
  const hub = new Hub({
    version: "test",
    log,
    metrics: createMetrics({ processMetrics: false }),
    audit: createAuditLog({ dataDir: mkdtempSync(join(tmpdir(), "mcp-hub-profiles-")), log }),
    settings: () => emptyState().settings,
    profiles: typeof profiles === "function" ? profiles : () => profiles,
  });
  const lists = { prompts: [], resources: [], resourceTemplates: [] };
  hub.catalog.set("fs", { ...lists, tools: [tool("read"), tool("write")] }, ["tools"]);
  hub.catalog.set("web", { ...lists, tools: [tool("fetch")] }, ["tools"]);
  return hub;
}

describe("per-client tool profiles", () => {
  it("shows every server's tools to a client without a profile", () => {
    const hub = hubWith({});
    const session = hub.createSession({ transport: "streamable-http", client: "cursor" });
    expect(hub.listTools(session).tools.map((t) => t.name)).toEqual(["fs__read", "fs__write", "web__fetch"]);
  });

  it("narrows servers and hides tools for the client named in the profile", () => {
    const hub = hubWith({ "claude-desktop": { servers: ["fs"], hiddenTools: ["fs__write"] } });
    const claude = hub.createSession({ transport: "streamable-http", client: "claude-desktop" });
    const other = hub.createSession({ transport: "streamable-http", client: "vscode" });
    expect(hub.listTools(claude).tools.map((t) => t.name)).toEqual(["fs__read"]);
    expect(hub.listTools(other).tools).toHaveLength(3);
  });

  it("applies the profile on a single-server endpoint too", () => {
    const hub = hubWith({ "claude-desktop": { servers: ["fs"], hiddenTools: [] } });
    const session = hub.createSession({
      scope: singleServerScope("web"),
      transport: "streamable-http",
      client: "claude-desktop",
    });
    expect(hub.listTools(session).tools).toEqual([]);
  });

  it("shares one list among the sessions of a scope and client until the catalog or the profile changes", () => {
    let profiles: Record<string, ClientProfile> = {};
    const hub = hubWith(() => profiles);
    const a = hub.createSession({ transport: "streamable-http", client: "cursor" });
    const b = hub.createSession({ transport: "streamable-http", client: "cursor" });
    const first = hub.listTools(a);
    expect(hub.listTools(b)).toBe(first);
    expect(Object.isFrozen(first.tools)).toBe(true);

    hub.catalog.set("db", { prompts: [], resources: [], resourceTemplates: [], tools: [tool("query")] }, [
      "tools",
    ]);
    const afterCatalog = hub.listTools(a);
    expect(afterCatalog).not.toBe(first);
    expect(afterCatalog.tools.map((t) => t.name)).toContain("db__query");

    hub.catalog.remove("db");
    expect(hub.listTools(a).tools.map((t) => t.name)).not.toContain("db__query");

    profiles = { cursor: { servers: ["web"], hiddenTools: [] } };
    expect(hub.listTools(b).tools.map((t) => t.name)).toEqual(["web__fetch"]);
  });
});

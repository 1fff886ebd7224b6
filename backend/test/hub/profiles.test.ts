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

function hubWith(profiles: Record<string, ClientProfile>) {
  const log = createLogger({ level: "silent" });
  const hub = new Hub({
    version: "test",
    log,
    metrics: createMetrics({ processMetrics: false }),
    audit: createAuditLog({ dataDir: mkdtempSync(join(tmpdir(), "mcp-hub-profiles-")), log }),
    settings: () => emptyState().settings,
    profiles: () => profiles,
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
    expect(hub.listTools(session).map((t) => t.name)).toEqual(["fs__read", "fs__write", "web__fetch"]);
  });

  it("narrows servers and hides tools for the client named in the profile", () => {
    const hub = hubWith({ "claude-desktop": { servers: ["fs"], hiddenTools: ["fs__write"] } });
    const claude = hub.createSession({ transport: "streamable-http", client: "claude-desktop" });
    const other = hub.createSession({ transport: "streamable-http", client: "vscode" });
    expect(hub.listTools(claude).map((t) => t.name)).toEqual(["fs__read"]);
    expect(hub.listTools(other)).toHaveLength(3);
  });

  it("applies the profile on a single-server endpoint too", () => {
    const hub = hubWith({ "claude-desktop": { servers: ["fs"], hiddenTools: [] } });
    const session = hub.createSession({
      scope: singleServerScope("web"),
      transport: "streamable-http",
      client: "claude-desktop",
    });
    expect(hub.listTools(session)).toEqual([]);
  });
});

/**
 * The migration through the real hub image: a user's home with Claude Desktop's and VS Code's files mounted the way
 * a standalone hub has it, two remote entries whose API key is in a header — the server a real MCP server over HTTP
 * behind a bearer check, in this process — migrated end to end, kept over a hub restart, and rolled back.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import type { Plan, Run, Scan } from "@mcp-hub/contracts";
import { startAuthorizedHost, type AuthorizedHost } from "../fixtures/authorizedHost.js";
import { startTestHub, textOf, type TestHub } from "../hub/hubKit.js";
import { networkGateway } from "../support/images.js";
import { connectStreamableHttp } from "../support/mcpClient.js";

const USER_HOME = "/home/ann";
const CLAUDE_FILE = `${USER_HOME}/.config/Claude/claude_desktop_config.json`;
const VSCODE_FILE = `${USER_HOME}/.config/Code/User/mcp.json`;
const KEY = "Bearer int-api-key-5f3a9c";
const HOST_CA = "/etc/ssl/certs/ca-certificates.crt";

describe.skipIf(!inject("mcpHubTestDocker"))("migration through the hub image", () => {
  let remote: AuthorizedHost;
  let hub: TestHub;
  let hostHome: string;
  const files: Record<string, string> = {};
  const local = (file: string) => join(hostHome, file.slice(USER_HOME.length));
  const read = (file: string) => readFileSync(local(file), "utf8");
  let plan: Plan;
  let run: Run;
  let events = "";

  beforeAll(async () => {
    remote = await startAuthorizedHost({ authorization: KEY, host: "0.0.0.0" });
    // The hub's container reaches this process at its network's gateway, as it would a server on the LAN.
    const url = `http://${await networkGateway("mcp-hub")}:${remote.port}/mcp`;
    files[CLAUDE_FILE] = `{
  "mcpServers": {
    "memory": { "command": "npx", "args": ["-y", "@modelcontextprotocol/server-memory"] },
    "notes": { "url": "${url}", "headers": { "Authorization": "${KEY}" } }
  },
  "globalShortcut": ""
}
`;
    files[VSCODE_FILE] = `{
  // servers of this machine
  "servers": {
    "docs": { "type": "http", "url": "${url}", "headers": { "Authorization": "${KEY}" } },
    /* kept as it is */
    "asks": { "type": "stdio", "command": "npx", "args": ["-y", "pkg"], "env": { "KEY": "\${input:key}" } },
  },
}
`;
    hostHome = mkdtempSync(join(tmpdir(), "mcp-hub-home-"));
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(dirname(local(file)), { recursive: true });
      writeFileSync(local(file), text);
    }
    hub = await startTestHub({
      volumes: [`${hostHome}:/host-home`, `${HOST_CA}:/etc/mcp-hub/extra-ca.pem:ro`],
      env: {
        HUB_HOST_HOME: "/host-home",
        HUB_HOST_PLATFORM: "linux",
        HUB_HOST_USER_HOME: USER_HOME,
        HUB_EXTRA_CA_CERTS: "/etc/mcp-hub/extra-ca.pem",
      },
    });
  });

  afterAll(async () => {
    await hub?.dispose();
    await remote?.close();
    if (hostHome) rmSync(hostHome, { recursive: true, force: true });
  });

  it("scans and plans: exact npm versions from inside the image, the keys as secrets by name", async () => {
    const scan = await hub.api<Scan>("POST", "/migrate/scans", {
      platform: "linux",
      home: USER_HOME,
      files: [
        { origin: "claude-desktop", file: CLAUDE_FILE, text: files[CLAUDE_FILE] },
        { origin: "vscode", file: VSCODE_FILE, text: files[VSCODE_FILE] },
      ],
    });
    expect(scan.status, JSON.stringify(scan.body)).toBe(201);
    const planned = await hub.api<Plan>("POST", "/migrate/plans", { scan: scan.body.id });
    expect(planned.status, JSON.stringify(planned.body)).toBe(201);
    plan = planned.body;
    expect(plan.servers.map((s) => [s.name, s.kind])).toEqual([
      ["memory", "npm"],
      ["notes", "remote"],
      ["docs", "remote"],
    ]);
    // npm view ran in the hub's container, through the CA it was given.
    expect(plan.servers[0]!.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(plan.servers[0]!.image).toMatch(new RegExp(`/mcp/memory:${plan.servers[0]!.version}$`));
    expect(plan.servers[2]).toMatchObject({
      secretEnv: { Authorization: "DOCS__Authorization" },
      risk: "medium",
    });
    expect(plan.skipped.map((s) => s.entryName)).toEqual(["asks"]);
  });

  it("runs: both remote servers behind the hub, their keys only in the secret store, the files rewritten", async () => {
    const started = await hub.api<Run>("POST", "/migrate/runs", { plan: plan.id, only: ["notes", "docs"] });
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    const stream = await fetch(`${hub.url}/api/migrate/runs/${started.body.id}/events`, {
      headers: { authorization: `Bearer ${hub.token}` },
    });
    const reader = stream.body!.getReader();
    // Docker Desktop polls the run; the dashboard reads the events. Both see it finish.
    await vi.waitFor(
      async () =>
        expect((await hub.api<Run>("GET", `/migrate/runs/${started.body.id}`)).body.state).toBe("done"),
      { timeout: 60_000, interval: 250 },
    );
    while (!events.includes('"state":"done"'))
      events += new TextDecoder().decode((await reader.read()).value);
    await reader.cancel();
    run = (await hub.api<Run>("GET", `/migrate/runs/${started.body.id}`)).body;
    expect(run.servers.map((s) => [s.name, s.state])).toEqual([
      ["memory", "skipped"],
      ["notes", "migrated"],
      ["docs", "migrated"],
    ]);

    const mcp = await connectStreamableHttp(`${hub.url}/mcp`, { token: hub.token });
    try {
      const names = (await mcp.client.listTools()).tools.map((t) => t.name);
      expect(names).toEqual(expect.arrayContaining(["notes__echo", "docs__echo"]));
      const echoed = await mcp.client.callTool({ name: "docs__echo", arguments: { text: "via the hub" } });
      expect(textOf(echoed)).toBe("via the hub");
    } finally {
      await mcp.close();
    }

    expect(read(CLAUDE_FILE)).toContain('"memory": { "command": "npx"');
    expect(read(CLAUDE_FILE)).not.toContain('"notes"');
    expect(read(CLAUDE_FILE)).toContain('"--client",\n        "claude-desktop"');
    expect(read(VSCODE_FILE)).toContain("// servers of this machine");
    expect(read(VSCODE_FILE)).toContain('/* kept as it is */\n    "asks": {');
    expect(read(VSCODE_FILE)).not.toContain('"docs"');
    for (const file of [CLAUDE_FILE, VSCODE_FILE])
      expect(readFileSync(`${local(file)}.mcp-hub.bak`, "utf8")).toBe(files[file]);

    // The key: in the secret store, and nowhere else the hub writes — events, its log, its other files.
    const secret = "int-api-key-5f3a9c";
    expect(events).not.toContain(secret);
    expect(await hub.logs()).not.toContain(secret);
    const secretsFile = join(hub.dataDir, "secrets.json");
    expect(readFileSync(secretsFile, "utf8")).toContain(secret);
    for (const path of walk(hub.dataDir).filter((p) => p !== secretsFile))
      expect(readFileSync(path, "latin1"), path).not.toContain(secret);
  });

  it("keeps the run over a hub restart, and rolls each server back, its entry exactly as it was", async () => {
    await hub.restart();
    const runs = (await hub.api<{ runs: Run[] }>("GET", "/migrate/runs")).body.runs;
    expect(runs.map((r) => [r.id, r.state])).toEqual([[run.id, "done"]]);
    await hub.waitForServer("notes", (v) => expect(v.state).toBe("ready"));

    const back = await hub.api<Run>("POST", `/migrate/runs/${run.id}/rollback`, { server: "notes" });
    expect(back.status, JSON.stringify(back.body)).toBe(200);
    expect(read(CLAUDE_FILE)).toBe(files[CLAUDE_FILE]);
    expect((await hub.api("GET", "/servers/notes")).status).toBe(404);
    expect((await hub.api<{ names: string[] }>("GET", "/secrets")).body.names).toEqual([
      "DOCS__Authorization",
    ]);

    await hub.api("POST", `/migrate/runs/${run.id}/rollback`, { server: "docs" });
    expect(read(VSCODE_FILE)).toBe(files[VSCODE_FILE]);
    const report = await hub.api<{ servers: { name: string; state: string }[] }>(
      "GET",
      `/migrate/runs/${run.id}/report`,
    );
    expect(report.body.servers.map((s) => s.state)).toEqual(["skipped", "rolled-back", "rolled-back"]);
  });
});

function walk(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile());
}

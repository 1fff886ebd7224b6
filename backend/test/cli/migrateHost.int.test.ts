/**
 * `mcp-hub-host migrate …` for real: the Linux host helper runs `mcp-hub migrate` in the hub image with a temp home
 * mounted, against a hub on a private network where it answers as `mcp-hub`, its token read from the hub's data dir
 * mounted read-only. Claude Desktop's file has a remote entry whose key sits in a header (a real MCP server in this
 * process, behind a bearer check, reached by the hub's container at its network's gateway), one whose key is only in
 * the client's environment (it fails cleanly: the hub has no value for it), and one that cannot migrate; a local
 * script's folder is sent and the hub keeps what became of it; no secret value may appear in anything the helper
 * prints.
 */
import { spawn } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it, onTestFinished } from "vitest";
import { migrateScanOutputSchema, type Report, type Run, type Scan } from "@mcp-hub/contracts";
import { REPO_DIR, tempHome, testNetwork, userEnv, type TestNetwork } from "../bridge/support.js";
import { startAuthorizedHost, type AuthorizedHost } from "../fixtures/authorizedHost.js";
import { createFixtureServer } from "../fixtures/fixtureServer.js";
import { startStreamableHttpHost, type StreamableHttpHost } from "../fixtures/streamableHttpHost.js";
import { startTestHub, textOf, type TestHub } from "../hub/hubKit.js";
import { networkGateway, runId, TEST_LABEL } from "../support/docker.js";
import { HUB_IMAGE } from "../support/hubContainer.js";
import { connectStreamableHttp } from "../support/mcpClient.js";

const HOST_SCRIPT = join(REPO_DIR, "host/linux/mcp-hub-host");
const CLAUDE_FILE = ".config/Claude/claude_desktop_config.json";
const API_KEY = "host-helper-key-7c1e";
const RUBY_TOKEN = "ruby-token-90af";
const SECRETS = [API_KEY, RUBY_TOKEN];

interface Helped {
  code: number;
  stdout: string;
  stderr: string;
}

describe.skipIf(!inject("mcpHubTestDocker"))("mcp-hub-host migrate through the hub image", () => {
  let remote: AuthorizedHost;
  let open: StreamableHttpHost;
  let hub: TestHub;
  let net: TestNetwork;
  let home: string;
  let original: string;
  /** Everything any helper call printed: no secret value may be in it. */
  const printed: string[] = [];
  const file = () => join(home, CLAUDE_FILE);

  function helper(args: string[], options: { home?: string; stdin?: string } = {}): Promise<Helped> {
    const env = userEnv(options.home ?? home, {
      MCP_HUB_IMAGE: HUB_IMAGE,
      MCP_HUB_DOCKER_ARGS: `--label ${TEST_LABEL}=${runId()}`,
      MCP_HUB_NETWORK: net.name,
      MCP_HUB_DATA_VOLUME: hub.dataDir,
    });
    return new Promise((resolve, reject) => {
      const child = spawn(HOST_SCRIPT, args, { env, stdio: ["pipe", "pipe", "pipe"] });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
      child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
      child.on("error", reject);
      child.on("close", (code) => {
        printed.push(stdout, stderr);
        resolve({ code: code ?? 1, stdout, stderr });
      });
      child.stdin.end(options.stdin ?? "");
    });
  }
  const ok = async (args: string[], options: { home?: string; stdin?: string } = {}) => {
    const res = await helper(args, options);
    expect(res.code, `mcp-hub-host ${args.join(" ")}\n${res.stdout}\n${res.stderr}`).toBe(0);
    return res;
  };
  const runs = async () => (await hub.api<{ runs: Run[] }>("GET", "/migrate/runs")).body.runs;

  beforeAll(async () => {
    remote = await startAuthorizedHost({ authorization: `Bearer ${API_KEY}`, host: "0.0.0.0" });
    const gateway = await networkGateway("mcp-hub");
    open = await startStreamableHttpHost({
      port: 0,
      host: "0.0.0.0",
      createServer: createFixtureServer,
      allowedHostnames: "any",
    });
    const url = `http://${gateway}:${remote.port}/mcp`;
    const openUrl = `http://${gateway}:${open.port}/mcp`;
    // The user's own layout (four spaces, a setting after the servers), to be kept around the rewrite.
    original = `{
    "mcpServers": {
        "notes": {
            "url": "${url}",
            "headers": { "Authorization": "Bearer ${API_KEY}" }
        },
        "weird": { "command": "ruby", "args": ["server.rb"], "env": { "TOKEN": "${RUBY_TOKEN}" } },
        "later": { "url": "${openUrl}", "headers": { "X-Api-Key": "\${env:LATER_KEY}" } }
    },
    "globalShortcut": "Alt+Space"
}
`;
    hub = await startTestHub();
    net = await testNetwork();
    await net.attachHub(hub);
    home = tempHome();
    writeFileSync(file(), original);
  });

  afterAll(async () => {
    await net?.remove();
    await hub?.dispose();
    await remote?.close();
    await open?.close();
  });

  it("plan claude-desktop: what the remote entry becomes, what stays and why; nothing changes", async () => {
    const { stdout } = await ok(["migrate", "plan", "claude-desktop"]);
    expect(stdout).toMatch(/^notes {2}remote {2}http:\/\/[\d.]+:\d+\/mcp$/m);
    expect(stdout).toMatch(/secrets +Authorization → NOTES__Authorization/);
    expect(stdout).toMatch(/risk +medium \(/);
    expect(stdout).toMatch(/^later {2}remote .*\n(.*\n)* {4}note +X-Api-Key comes from your environment/m);
    expect(stdout).toMatch(
      /^Stays in the clients:\n {2}weird \(.+claude_desktop_config\.json\): "ruby" is not a launcher/m,
    );
    expect(readFileSync(file(), "utf8")).toBe(original);
    expect((await hub.api("GET", "/servers/notes")).status).toBe(404);
  });

  it("scan - reads one file of any client's shape from stdin", async () => {
    const vscode = `{
  // a VS Code file piped in
  "servers": {
    "docs": { "type": "http", "url": "https://docs.example.com/mcp", "headers": { "X-Key": "${API_KEY}" } },
    "local": { "type": "stdio", "command": "ruby", "args": ["x.rb"], "env": { "TOKEN": "${RUBY_TOKEN}" } },
  },
}`;
    const { stdout } = await ok(["migrate", "scan", "-"], { stdin: vscode });
    expect(stdout).toMatch(/^upload: stdin$/m);
    expect(stdout).toMatch(/docs +remote +https:\/\/docs\.example\.com\/mcp \(http\); headers: X-Key/);
    expect(stdout).toMatch(/local +cannot migrate +"ruby" is not a launcher/);
  });

  it("scan --json prints what the dashboard in Docker Desktop reads: the hub's scan and the scripts' folders", async () => {
    const { stdout } = await ok(["migrate", "scan", "--json"]);
    const output = migrateScanOutputSchema.parse(JSON.parse(stdout));
    expect((await hub.api<Scan>("GET", `/migrate/scans/${output.scan.id}`)).status).toBe(200);
    const entries = output.scan.files.flatMap((f) =>
      f.status === "ok" ? f.candidates.map((c) => c.entryName) : [],
    );
    expect(entries).toEqual(expect.arrayContaining(["notes", "weird", "later"]));
    expect(output.folders).toEqual([]);
    expect(stdout).not.toContain(API_KEY);
  });

  it("scan --json sends a local script's folder, and the hub's scan keeps what became of each folder", async () => {
    const scripts = tempHome();
    onTestFinished(() => rmSync(scripts, { recursive: true, force: true }));
    const server = join(scripts, "tools/srv/server.js");
    mkdirSync(dirname(server), { recursive: true });
    writeFileSync(server, "console.log('a server');\n");
    const entries = {
      tool: { command: "node", args: [server] },
      outside: { command: "node", args: ["/opt/elsewhere/server.js"] },
    };
    writeFileSync(join(scripts, CLAUDE_FILE), JSON.stringify({ mcpServers: entries }));
    const { stdout } = await ok(["migrate", "scan", "--json"], { home: scripts });
    const output = migrateScanOutputSchema.parse(JSON.parse(stdout));
    expect(output.folders).toEqual([
      expect.objectContaining({ status: "sent", entryName: "tool", files: 1 }),
      expect.objectContaining({
        status: "refused",
        entryName: "outside",
        reason: expect.stringMatching(/^\/opt\/elsewhere is outside your home/),
      }),
    ]);
    // What a reloaded dashboard and a run read: the hub's own copy of the scan.
    const kept = await hub.api<Scan>("GET", `/migrate/scans/${output.scan.id}`);
    expect(kept.body.folders).toEqual(output.folders);
  });

  it("refuses to run without a terminal and without --yes: the plan shown, nothing started, nothing written", async () => {
    const before = (await runs()).length;
    const res = await helper(["migrate", "run", "claude-desktop"]);
    expect(res.code).toBe(2);
    expect(res.stdout).toMatch(/^notes {2}remote/m);
    expect(res.stderr).toMatch(/not a terminal, so nothing was asked and nothing changed: add --yes/);
    expect((await runs()).length).toBe(before);
    expect(readFileSync(file(), "utf8")).toBe(original);
  });

  it("a file with a syntax error: line and column, left untouched", async () => {
    const broken = tempHome();
    const text = '{\n  "mcpServers": {\n    "a" { "command": "npx" }\n  }\n}\n';
    writeFileSync(join(broken, CLAUDE_FILE), text);
    const plan = await ok(["migrate", "plan", "claude-desktop"], { home: broken });
    expect(plan.stdout).toMatch(
      /every entry of .*claude_desktop_config\.json: it is not valid at line 3, column 9/,
    );
    const run = await helper(["migrate", "run", "claude-desktop", "--yes"], { home: broken });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/Nothing to migrate\./);
    expect(readFileSync(join(broken, CLAUDE_FILE), "utf8")).toBe(text);
    expect(readdirSync(dirname(join(broken, CLAUDE_FILE)))).toEqual(["claude_desktop_config.json"]);
  });

  it("run --yes: one server behind the hub, one failed (exit 1, the report), the file rewritten around the rest, one backup", async () => {
    const { code, stdout, stderr } = await helper(["migrate", "run", "claude-desktop", "--yes"]);
    expect(code, stderr).toBe(1);
    expect(stderr).toMatch(/^notes: deploy$/m);
    expect(stderr).toContain(`wrote ${file()}`);
    expect(stdout).toContain("Migrated (1): notes, now behind the hub");
    expect(stdout).toMatch(
      /^Failed \(1\):\n {2}later at secrets: later needs secret .*LATER_KEY.*\n {4}fix: set it with `mcp-hub secret set NAME`/m,
    );
    expect(stdout).toContain(`Stays in the clients:\n  weird (${file()}): "ruby" is not a launcher`);
    expect(stdout).toContain(`${file()}: written; the original is kept in ${file()}.mcp-hub.bak`);
    expect(stdout).toContain("mcp-hub-host restore claude-desktop");

    const rewritten = readFileSync(file(), "utf8");
    // The entries that stay, exactly as they were; the user's layout and other settings kept.
    const staying = original.split("\n").filter((line) => /"(weird|later)"/.test(line));
    expect(staying).toHaveLength(2);
    // (The hub's entry comes after them: the last one gains the comma JSON needs.)
    for (const line of staying) expect(rewritten).toContain(`\n${line.replace(/,$/, "")}`);
    expect(rewritten).toContain('\n    "globalShortcut": "Alt+Space"\n}');
    expect(rewritten).not.toContain('"notes"');
    expect(rewritten).not.toContain(API_KEY);
    const servers = (JSON.parse(rewritten) as { mcpServers: Record<string, { args?: string[] }> }).mcpServers;
    expect(Object.keys(servers)).toEqual(["weird", "later", "mcp-hub"]);
    expect(servers["mcp-hub"]!.args).toEqual(expect.arrayContaining(["--client", "claude-desktop"]));
    expect(readFileSync(`${file()}.mcp-hub.bak`, "utf8")).toBe(original);
    expect(readdirSync(dirname(file())).sort()).toEqual([
      "claude_desktop_config.json",
      "claude_desktop_config.json.mcp-hub.bak",
    ]);

    const mcp = await connectStreamableHttp(`${hub.url}/mcp`, { token: hub.token });
    try {
      const echoed = await mcp.client.callTool({ name: "notes__echo", arguments: { text: "via the hub" } });
      expect(textOf(echoed)).toBe("via the hub");
    } finally {
      await mcp.close();
    }

    const status = await ok(["migrate", "status", "--json"]);
    const report = JSON.parse(status.stdout) as Report;
    expect(report).toMatchObject({ state: "done", migrated: 1, failed: 1 });
    expect(report.files).toEqual([expect.objectContaining({ status: "written", file: file() })]);
  });

  it("rollback notes --yes: the entry back where it was, the file as it was before", async () => {
    const { stdout } = await ok(["migrate", "rollback", "notes", "--yes"]);
    expect(stdout).toMatch(/^Rolled back notes: its entry is back in .*claude_desktop_config\.json/m);
    expect(readFileSync(file(), "utf8")).toBe(original);
    expect((await hub.api("GET", "/servers/notes")).status).toBe(404);
    expect((await hub.api<{ names: string[] }>("GET", "/secrets")).body.names).not.toContain(
      "NOTES__Authorization",
    );
    const again = await helper(["migrate", "rollback", "notes", "--yes"]);
    expect(again.code).toBe(4);
    expect(again.stderr).toMatch(/no run migrated notes/);
  });

  it("migrated again with --only, then `mcp-hub-host restore` gives the file back byte for byte", async () => {
    const { stdout } = await ok(["migrate", "run", "claude-desktop", "--only", "notes", "--yes"]);
    expect(stdout).toContain("Migrated (1): notes");
    expect(stdout).toContain("Skipped (1):\n  later: left out of this run");
    expect(readFileSync(file(), "utf8")).not.toContain(API_KEY);
    // The backup is still the file as it was before the first migration.
    expect(readFileSync(`${file()}.mcp-hub.bak`, "utf8")).toBe(original);
    await ok(["restore", "claude-desktop"]);
    expect(readFileSync(file(), "utf8")).toBe(original);
  });

  it("printed no secret value, anywhere", () => {
    expect(printed.length).toBeGreaterThan(10);
    for (const text of printed) for (const secret of SECRETS) expect(text).not.toContain(secret);
  });
});

/**
 * Issue 16's end-to-end acceptance: real client files in a temporary home — Claude Desktop with server-memory (npx
 * -y), server-filesystem with two path arguments (one writable), server-everything with an API key in `env`, a local
 * stdlib python server, a package that does not exist, a remote URL and a `docker run -i` entry; VS Code's JSONC file
 * with `${workspaceFolder}` and `${input:…}`; Cline's file — migrated by the real hub image into its own registry
 * (real npm builds from the local bases), with a hub restart in the middle resumed. The home is the hub's, mounted the
 * way a standalone hub has it, so the hub rewrites the files itself.
 *
 * The missing package is left out at plan time, so no build here fails mid-run. The undoing of a server whose build
 * fails mid-run, while the others go on, is runner.test.ts's "a failure is undone while the others go on"; the real
 * npm build of a missing package failing and pushing nothing is packaging.npm.int.test.ts's "fails the build of a
 * package that does not exist".
 */
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type {
  Plan,
  PlannedServer,
  RegistryResponse,
  Report,
  Run,
  Scan,
  SecretNamesResponse,
  ServersResponse,
} from "@mcp-hub/contracts";
import { startAuthorizedHost, type AuthorizedHost } from "../fixtures/authorizedHost.js";
import { textOf } from "../hub/hubKit.js";
import { docker, TEST_IMAGES } from "../support/images.js";
import { connectStreamableHttp, type ConnectedClient } from "../support/mcpClient.js";
import { startMigratingHub, type RegistryHub } from "../support/registryHub.js";
import { searchSavedImage } from "../support/savedImage.js";
import { openRunEvents, type SeenRunEvent } from "./runEvents.js";

const API_KEY = "sk-live-acceptance-7d3f2b91";
const REMOTE_KEY = "Bearer remote-acceptance-4c81";
const VERSION = "2026.8.31"; // the npm packages the backend's devDependencies pin: cached builds between runs

/** A stdlib-only MCP server over stdio: what someone writes in a few lines of python. */
const PY_SERVER = `import json, sys
def send(m):
    sys.stdout.write(json.dumps(m) + "\\n"); sys.stdout.flush()
for line in sys.stdin:
    m = json.loads(line)
    if "id" not in m: continue
    method, i = m.get("method"), m["id"]
    if method == "initialize":
        send({"jsonrpc": "2.0", "id": i, "result": {"protocolVersion": m["params"]["protocolVersion"], "capabilities": {"tools": {}}, "serverInfo": {"name": "shouter", "version": "1.0"}}})
    elif method == "tools/list":
        send({"jsonrpc": "2.0", "id": i, "result": {"tools": [{"name": "shout", "description": "Upper-cases text", "inputSchema": {"type": "object", "properties": {"text": {"type": "string"}}, "required": ["text"]}}]}})
    elif method == "tools/call":
        send({"jsonrpc": "2.0", "id": i, "result": {"content": [{"type": "text", "text": m["params"]["arguments"]["text"].upper()}]}})
    elif method == "ping":
        send({"jsonrpc": "2.0", "id": i, "result": {}})
    else:
        send({"jsonrpc": "2.0", "id": i, "error": {"code": -32601, "message": "no such method"}})
`;

/** Text a server's image holds in a layer (a file's contents): the image search must find it, or it finds nothing. */
function knownText(server: PlannedServer): string {
  if (server.kind === "npm") return server.source.slice(0, server.source.lastIndexOf("@")); // its package.json
  if (server.kind === "script") return "Upper-cases text";
  if (server.kind === "image") return "Returns its text"; // the fixture server's echo tool
  throw new Error(`no known text for ${server.name}, a ${server.kind} server`);
}

function walk(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile());
}

describe.skipIf(!inject("mcpHubTestDocker"))("migration, end to end (issue 16's acceptance)", () => {
  let remote: AuthorizedHost;
  let hub: RegistryHub;
  let home: string;
  let claude: string;
  let vscode: string;
  let cline: string;
  const original: Record<string, string> = {};
  let plan: Plan;
  let run: Run;
  /** The run's events until the restart, then from before the resume to the end. */
  let eventsBeforeRestart: SeenRunEvent[] = [];
  let eventsAfterResume: SeenRunEvent[] = [];
  let mcp: ConnectedClient;

  beforeAll(async () => {
    remote = await startAuthorizedHost({ authorization: REMOTE_KEY, host: "0.0.0.0" });
    const gateway = (
      await docker(["network", "inspect", "mcp-hub", "--format", "{{range .IPAM.Config}}{{.Gateway}}{{end}}"])
    ).stdout.trim();
    // The home's own path is the user's: path arguments in the files are paths the engine can bind.
    home = mkdtempSync(join(tmpdir(), "mcp-hub-acceptance-"));
    chmodSync(home, 0o755);
    for (const dir of ["notes", "code", "project", "tools"]) mkdirSync(join(home, dir));
    chmodSync(join(home, "notes"), 0o777); // the writable one: the server runs as uid 1000
    writeFileSync(join(home, "notes", "todo.txt"), "ship it\n");
    writeFileSync(join(home, "code", "main.c"), "int main() {}\n");
    writeFileSync(join(home, "tools", "shouter.py"), PY_SERVER);
    claude = join(home, ".config/Claude/claude_desktop_config.json");
    vscode = join(home, ".config/Code/User/mcp.json");
    cline = join(
      home,
      ".config/Code/User/globalStorage/saoudrizwan.claude-dev/settings/cline_mcp_settings.json",
    );
    original[claude] = `${JSON.stringify(
      {
        mcpServers: {
          memory: { command: "npx", args: ["-y", `@modelcontextprotocol/server-memory@${VERSION}`] },
          filesystem: {
            command: "npx",
            args: [
              "-y",
              `@modelcontextprotocol/server-filesystem@${VERSION}`,
              join(home, "notes"),
              join(home, "code"),
            ],
          },
          everything: {
            command: "npx",
            args: ["-y", `@modelcontextprotocol/server-everything@${VERSION}`],
            env: { API_KEY },
          },
          shouter: { command: "python3", args: [join(home, "tools", "shouter.py")] },
          ghost: { command: "npx", args: ["-y", "@mcp-hub-test/no-such-package-3f9"] },
          remote: { url: `http://${gateway}:${remote.port}/mcp`, headers: { Authorization: REMOTE_KEY } },
          boxed: { command: "docker", args: ["run", "-i", "--rm", TEST_IMAGES.fixture] },
        },
        globalShortcut: "Ctrl+Space",
      },
      null,
      2,
    )}\n`;
    original[vscode] = `{
  // my servers
  "inputs": [{ "type": "promptString", "id": "token", "password": true }],
  "servers": {
    "workspace": { "type": "stdio", "command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem@${VERSION}", "\${workspaceFolder}"] },
    /* asks VS Code for its token */
    "asks": { "type": "stdio", "command": "npx", "args": ["-y", "some-server"], "env": { "TOKEN": "\${input:token}" } },
  },
}
`;
    original[cline] =
      `${JSON.stringify({ mcpServers: { "cline-memory": { command: "npx", args: ["-y", `@modelcontextprotocol/server-memory@${VERSION}`], disabled: false } } }, null, 2)}\n`;
    for (const [file, text] of Object.entries(original)) {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, text);
    }
    hub = await startMigratingHub(home);
  }, 180_000);

  afterAll(async () => {
    await mcp?.close();
    await hub?.dispose();
    await remote?.close();
    // The images the run pushed leave with the registry's volume; their local copies stay cached for the next run.
    if (home) rmSync(home, { recursive: true, force: true });
  });

  it("scans and plans: every entry classified, versions exact, the key a secret by name, what stays said why", async () => {
    // The hub reads the files (and packs the script's folder) from its own mount of the home, as `make run` has it.
    const scan = await hub.api<Scan>("POST", "/migrate/scans/local", {
      clients: ["claude-desktop", "vscode", "cline"],
    });
    expect(scan.status, JSON.stringify(scan.body)).toBe(201);
    expect(scan.body.files.map((f) => [f.origin, f.file, f.status])).toEqual([
      ["claude-desktop", claude, "ok"],
      ["vscode", vscode, "ok"],
      ["cline", cline, "ok"],
    ]);
    expect(scan.body.folders).toEqual([
      expect.objectContaining({
        entryName: "shouter",
        folder: join(home, "tools"),
        status: "sent",
        files: 1,
      }),
    ]);
    expect(JSON.stringify(scan.body)).not.toContain(API_KEY);
    const planned = await hub.api<Plan>("POST", "/migrate/plans", {
      scan: scan.body.id,
      choices: {
        "claude-desktop/filesystem": { writable: [join(home, "notes")] },
        "vscode/workspace": { workspaceFolder: join(home, "project") },
      },
    });
    expect(planned.status, JSON.stringify(planned.body)).toBe(201);
    plan = planned.body;
    const byName = Object.fromEntries(plan.servers.map((s) => [s.name, s]));
    expect(Object.keys(byName).sort()).toEqual(
      [
        "boxed",
        "cline-memory",
        "everything",
        "filesystem",
        "memory",
        "remote",
        "shouter",
        "workspace",
      ].sort(),
    );
    expect(byName.memory).toMatchObject({ kind: "npm", version: VERSION, risk: "low" });
    expect(byName.filesystem).toMatchObject({
      risk: "high",
      mounts: [
        { source: join(home, "notes"), target: join(home, "notes"), writable: true },
        { source: join(home, "code"), target: join(home, "code"), writable: false },
      ],
    });
    expect(byName.everything).toMatchObject({
      secretEnv: { API_KEY: "EVERYTHING__API_KEY" },
      risk: "medium",
    });
    expect(byName.shouter).toMatchObject({ kind: "script" });
    expect(byName.boxed).toMatchObject({ kind: "image" });
    expect(byName.workspace).toMatchObject({ args: [join(home, "project")] });
    const skipped = Object.fromEntries(plan.skipped.map((s) => [s.entryName, s.reason]));
    expect(skipped.ghost).toMatch(/no-such-package-3f9/);
    expect(skipped.asks).toMatch(/\$\{input:token\}/);
  });

  it("runs in risk batches, survives a hub restart in the middle, and resumes to the end", async () => {
    const started = await hub.api<Run>("POST", "/migrate/runs", { plan: plan.id });
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    const id = started.body.id;
    const before = await openRunEvents(hub, id, { timeoutMs: 240_000 });
    // Restart once the first server is through its steps (only the rewrite, at the end, is left) and others are
    // still to come.
    await before.until((e) => e.event === "server" && e.data.step === "rewrite");
    await before.close();
    eventsBeforeRestart = before.seen;
    await hub.restart();
    await hub.waitForRegistry();
    const interrupted = (await hub.api<Run>("GET", `/migrate/runs/${id}`)).body;
    expect(interrupted.state).toBe("interrupted");
    expect(interrupted.servers.some((s) => s.step === "rewrite")).toBe(true);
    expect(interrupted.servers.some((s) => s.state === "pending")).toBe(true);
    // Subscribed before the resume, so every event after it is read (and searched for the key below).
    const after = await openRunEvents(hub, id, { timeoutMs: 600_000 });
    expect((await hub.api("POST", `/migrate/runs/${id}/resume`)).status).toBe(202);
    await after.until((e) => e.event === "run" && e.data.state === "done");
    await after.close();
    eventsAfterResume = after.seen;
    run = (await hub.api<Run>("GET", `/migrate/runs/${id}`)).body;
    expect(
      run.servers.filter((s) => s.state !== "migrated").map((s) => [s.name, s.state, s.step, s.error]),
    ).toEqual([]);
    // Batches: low before medium before high — in the order servers started before the restart, and no server
    // left pending by it of a lower risk than one that had started.
    const order = ["low", "medium", "high"];
    const rank = (key: string) => order.indexOf(run.servers.find((s) => s.key === key)!.risk);
    const startedIn = (events: SeenRunEvent[]) => [
      ...new Set(
        events.flatMap(({ event }) =>
          event.event === "server" && event.data.state === "running" ? [event.data.key] : [],
        ),
      ),
    ];
    const startedRisks = startedIn(eventsBeforeRestart).map(rank);
    expect(startedRisks.length).toBeGreaterThan(0);
    expect(startedRisks).toEqual([...startedRisks].sort());
    const pendingAtRestart = interrupted.servers.filter((s) => s.state === "pending").map((s) => rank(s.key));
    expect(Math.min(...pendingAtRestart)).toBeGreaterThanOrEqual(Math.max(...startedRisks));
    // The events after the resume are the rest of the run: each server left pending by the restart started in them.
    const pendingKeys = interrupted.servers.filter((s) => s.state === "pending").map((s) => s.key);
    expect(startedIn(eventsAfterResume)).toEqual(expect.arrayContaining(pendingKeys));
    // The report: everything migrated, the missing package and the prompt-only entry said why they stayed.
    const report = (await hub.api<Report>("GET", `/migrate/runs/${id}/report`)).body;
    expect(report).toMatchObject({ state: "done", migrated: 8, failed: 0 });
    const stayed = Object.fromEntries(report.entries.map((e) => [e.entryName, e.reason]));
    expect(stayed.ghost).toMatch(/no-such-package-3f9/);
    expect(stayed.asks).toMatch(/\$\{input:token\}/);
    // Left out at plan time, the missing package left nothing behind: no server, image or secret of its own.
    const servers = (await hub.api<ServersResponse>("GET", "/servers")).body.servers;
    expect(servers.map((s) => s.name)).not.toContain("ghost");
    const registry = (await hub.api<RegistryResponse>("GET", "/registry")).body;
    expect(registry.error).toBeUndefined();
    const repositories = registry.repositories.map((r) => r.name);
    expect(repositories.length).toBeGreaterThan(0);
    expect(repositories.filter((name) => name.includes("ghost"))).toEqual([]);
    const secrets = (await hub.api<SecretNamesResponse>("GET", "/secrets")).body.names;
    expect(secrets).toContain("EVERYTHING__API_KEY");
    expect(secrets.filter((name) => /ghost/i.test(name))).toEqual([]);
  }, 900_000);

  it("puts every migrated server behind the hub: tools listed and called, the filesystem only inside its mounts", async () => {
    mcp = await connectStreamableHttp(`${hub.url}/mcp`, { token: hub.token });
    const names = (await mcp.client.listTools()).tools.map((t) => t.name);
    for (const server of [
      "memory",
      "filesystem",
      "everything",
      "shouter",
      "remote",
      "boxed",
      "workspace",
      "cline-memory",
    ])
      expect(
        names.some((n) => n.startsWith(`${server}__`)),
        server,
      ).toBe(true);
    const call = async (name: string, args: Record<string, unknown>) =>
      mcp.client.callTool({ name, arguments: args }) as Promise<{
        isError?: boolean;
        content: { text?: string }[];
      }>;
    expect(textOf(await call("shouter__shout", { text: "moved" }))).toBe("MOVED");
    expect(textOf(await call("remote__echo", { text: "remote" }))).toBe("remote");
    expect(textOf(await call("boxed__echo", { text: "boxed" }))).toBe("boxed");
    expect(
      textOf(await call("filesystem__read_text_file", { path: join(home, "notes", "todo.txt") })),
    ).toContain("ship it");
    await call("filesystem__write_file", { path: join(home, "notes", "new.txt"), content: "written" });
    expect(readFileSync(join(home, "notes", "new.txt"), "utf8")).toBe("written");
    const readOnly = await call("filesystem__write_file", { path: join(home, "code", "x.c"), content: "x" });
    expect(readOnly.isError).toBe(true);
    const outside = await call("filesystem__read_text_file", { path: "/etc/passwd" });
    expect(outside.isError).toBe(true);
  });

  it("keeps the key out of every image layer, the log, the events and the hub's files, yet gives it to the server", async () => {
    // Layers unpacked (gzipped in the containerd store), and the search shown able to find a file's text in them.
    for (const server of plan.servers.filter((s) => s.image)) {
      const known = knownText(server);
      const found = await searchSavedImage(server.image!, [API_KEY, known]);
      expect(found[API_KEY], server.image).toEqual([]);
      expect(
        found[known]!.some((hit) => hit.layer),
        `${server.image} holds ${known} in a layer`,
      ).toBe(true);
    }
    expect(await hub.logs()).not.toContain(API_KEY);
    expect(eventsAfterResume.some(({ event }) => event.event === "server")).toBe(true); // not read: a vacuous pass
    for (const { sent } of [...eventsBeforeRestart, ...eventsAfterResume])
      expect(sent).not.toContain(API_KEY);
    const secretsFile = join(hub.dataDir, "secrets.json");
    for (const path of walk(hub.dataDir).filter((p) => p !== secretsFile))
      expect(readFileSync(path, "latin1"), path).not.toContain(API_KEY);
    const [container] = (await docker(["ps", "-q", "--filter", "label=mcp.server=everything"])).stdout.split(
      "\n",
    );
    const env = JSON.parse(
      (await docker(["inspect", "--format", "{{json .Config.Env}}", container!])).stdout,
    ) as string[];
    expect(env).toContain(`API_KEY=${API_KEY}`);
  });

  it("rewrites the client files to the hub, keeping what did not migrate, and restores them byte for byte", async () => {
    const claudeNow = readFileSync(claude, "utf8");
    expect(claudeNow).toContain('"ghost"'); // did not migrate: exactly as it was
    expect(claudeNow).toContain('"globalShortcut": "Ctrl+Space"');
    expect(claudeNow).not.toContain('"memory"');
    expect(claudeNow).not.toContain(API_KEY);
    expect(claudeNow).toContain("mcp-hub-bridge");
    const vscodeNow = readFileSync(vscode, "utf8");
    expect(vscodeNow).toContain("// my servers");
    expect(vscodeNow).toContain('/* asks VS Code for its token */\n    "asks": {');
    expect(vscodeNow).not.toContain('"workspace"');
    expect(readFileSync(cline, "utf8")).not.toContain('"cline-memory"');
    for (const [client, file] of [
      ["claude-desktop", claude],
      ["vscode", vscode],
      ["cline", cline],
    ] as const) {
      expect(readFileSync(`${file}.mcp-hub.bak`, "utf8")).toBe(original[file]);
      const restored = await hub.cli(["client", "restore", client]);
      expect(restored.code, restored.stderr).toBe(0);
      expect(readFileSync(file, "utf8")).toBe(original[file]);
    }
  });
});

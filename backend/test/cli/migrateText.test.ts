import { describe, expect, it } from "vitest";
import type { Report } from "@mcp-hub/contracts";
import { planText, reportText, scanText, serverLine, shownUrl } from "../../src/cli/migrateText.js";
import { planMigration, type PlanDeps } from "../../src/migrate/plan.js";
import { scanFiles } from "../../src/migrate/scan.js";

const HOME = "/home/ann";
const CLAUDE_FILE = `${HOME}/.config/Claude/claude_desktop_config.json`;
const VALUES = ["ghp_secret123", "Bearer abc-key-42", "team-5150", "q-key-77", "pw-9911", "ruby-secret"];
const CLAUDE = JSON.stringify({
  mcpServers: {
    memory: { command: "npx", args: ["-y", "@modelcontextprotocol/server-memory"] },
    filesystem: {
      command: "npx",
      args: ["-y", "@modelcontextprotocol/server-filesystem", `${HOME}/notes`, "--token=ghp_secret123"],
      env: { GITHUB_TOKEN: "ghp_secret123" },
    },
    local: { command: "python3", args: [`${HOME}/tools/server.py`] },
    remote: {
      url: "https://ann:pw-9911@mcp.example.com/mcp?key=q-key-77",
      headers: { Authorization: "Bearer abc-key-42", "X-Team": "team-5150" },
    },
    weird: { command: "ruby", args: ["server.rb"], env: { TOKEN: "ruby-secret" } },
    "mcp-hub": { command: "docker", args: ["run", "-i", "--rm", "mcp-hub-bridge:latest"] },
  },
});

const record = scanFiles({
  platform: "linux",
  home: HOME,
  files: [
    { origin: "claude-desktop", file: CLAUDE_FILE, text: CLAUDE },
    { origin: "vscode", file: `${HOME}/.config/Code/User/mcp.json`, text: '{\n  "servers": {\n    "a" {}\n' },
  ],
});
const deps: PlanDeps = {
  takenNames: () => new Set(["memory"]),
  imageName: (repository, tag) => `127.0.0.1:5000/${repository}:${tag}`,
  resolveNpm: async (spec) => ({ name: spec, version: "2026.8.31" }),
  resolvePython: async () => ({ error: "PyPI is not reachable from the hub" }),
  probeRemote: async () => ({ needsOAuth: false }),
};
const noValues = (text: string) => {
  for (const value of VALUES) expect(text).not.toContain(value);
};

describe("mcp-hub migrate's text", () => {
  it("scan: each entry's kind, source, env names and paths, why one cannot migrate; no value, no argument", () => {
    const text = scanText(
      record.scan,
      { absent: [{ client: "cursor", file: `${HOME}/.cursor/mcp.json` }], unreadable: [] },
      [
        {
          key: "claude-desktop/local",
          entryName: "local",
          folder: `${HOME}/tools`,
          status: "sent",
          bytes: 3072,
          files: 2,
          leftOut: [],
        },
      ],
    );
    expect(text).toContain(`claude-desktop: ${CLAUDE_FILE}`);
    expect(text).toMatch(/^ {2}memory +npm +@modelcontextprotocol\/server-memory \(npx\)$/m);
    expect(text).toMatch(/filesystem +npm +.*env: GITHUB_TOKEN; paths: \/home\/ann\/notes$/m);
    expect(text).toMatch(
      /local +script +\/home\/ann\/tools\/server\.py \(python3\); folder sent: 2 files, 3 KiB/,
    );
    expect(text).toMatch(
      /remote +remote +https:\/\/ann:…@mcp\.example\.com\/mcp\?key=… \(http\); headers: Authorization/,
    );
    expect(text).toMatch(/weird +cannot migrate +"ruby" is not a launcher the hub can package/);
    expect(text).toMatch(/mcp-hub +hub +the hub's own entry/);
    expect(text).toMatch(/vscode: .*mcp\.json\n {2}not valid at line 3, column 9 \(.+\): left untouched/);
    expect(text).toContain("No config file: cursor");
    noValues(text);
    expect(text).not.toContain("--token");
  });

  it("plan: name, renaming, package@version, image, secrets, mounts, egress, risk and why; what stays and why", async () => {
    const plan = await planMigration(
      record,
      { "claude-desktop/filesystem": { writable: [`${HOME}/notes`] } },
      deps,
    );
    const text = planText(plan, record.scan, {
      folders: [
        { key: "claude-desktop/local", entryName: "local", status: "refused", reason: "it is too big" },
      ],
    });
    expect(text).toMatch(/^Plan [0-9a-f]{8}: 4 servers to migrate$/m);
    expect(text).toMatch(
      /^memory-2 {2}npm {2}@modelcontextprotocol\/server-memory@2026\.8\.31\n {4}renamed from +memory \(the name was taken or reserved\)\n {4}image +127\.0\.0\.1:5000\/mcp\/memory-2:2026\.8\.31$/m,
    );
    expect(text).toMatch(/secrets +GITHUB_TOKEN → FILESYSTEM__GITHUB_TOKEN/);
    // A header's name is no env-var name: its secret's name is made one.
    expect(text).toMatch(/secrets +Authorization → REMOTE__Authorization, X-Team → REMOTE__X_Team/);
    expect(text).toMatch(/mount +\/home\/ann\/notes → \/home\/ann\/notes \(writable\)/);
    expect(text).toMatch(/^ {4}egress +no$/m);
    expect(text).toMatch(/risk +high \(.+\)/);
    expect(text).toMatch(/not run +its folder was not sent: it is too big/);
    expect(text).toMatch(/^remote {2}remote {2}https:\/\/ann:…@mcp\.example\.com\/mcp\?key=…$/m);
    expect(text).toMatch(/^Stays in the clients:\n {2}weird \(.+\): "ruby" is not a launcher/m);
    expect(text).toMatch(/ {2}mcp-hub \(.+\): it is the hub's own entry/);
    expect(text).toMatch(/ {2}every entry of .*mcp\.json: it is not valid at line 3, column 9/);
    noValues(text);

    const only = planText(plan, record.scan, { folders: [], only: ["remote"] });
    expect(only).toMatch(/^Plan [0-9a-f]{8}: 1 server to migrate$/m);
    expect(only).toMatch(/ {2}memory-2: not in this run \(--only\)/);
  });

  it("progress lines and the report: migrated, skipped, failed with step and fix, files, backup, how to go back", () => {
    expect(
      serverLine({ key: "k", name: "notes", risk: "low", state: "running", step: "deploy", done: [] }),
    ).toBe("notes: deploy");
    const report: Report = {
      run: "0123456789abcdef",
      state: "done",
      migrated: 1,
      failed: 1,
      skipped: 2,
      servers: [
        { key: "a", name: "notes", risk: "medium", state: "migrated", done: ["secrets", "deploy"] },
        { key: "b", name: "memory", risk: "low", state: "skipped", done: [], error: "left out of this run" },
        {
          key: "c",
          name: "files",
          risk: "high",
          state: "failed",
          step: "build",
          done: ["secrets"],
          error: "files needs an image built, and this hub has no packaging",
          fix: "run a hub image that packages servers",
        },
      ],
      entries: [{ key: "d", entryName: "weird", file: CLAUDE_FILE, reason: '"ruby" is not a launcher' }],
      files: [
        {
          origin: "claude-desktop",
          file: CLAUDE_FILE,
          status: "written",
          servers: ["notes"],
          backup: `${CLAUDE_FILE}.mcp-hub.bak`,
        },
      ],
    };
    const host = reportText(report, { host: true });
    expect(host).toContain("Run 01234567: done");
    expect(host).toContain("Migrated (1): notes, now behind the hub");
    expect(host).toContain("Skipped (1):\n  memory: left out of this run");
    expect(host).toContain(
      "Failed (1):\n  files at build: files needs an image built, and this hub has no packaging\n    fix: run a hub image that packages servers",
    );
    expect(host).toContain(`Stays in the clients:\n  weird (${CLAUDE_FILE}): "ruby" is not a launcher`);
    expect(host).toContain(`  ${CLAUDE_FILE}: written; the original is kept in ${CLAUDE_FILE}.mcp-hub.bak`);
    expect(host).toMatch(/Quit and restart Claude Desktop/);
    expect(host).toContain(
      "To put a file back as it was before the first migration: mcp-hub-host restore claude-desktop",
    );
    expect(host).toContain("mcp-hub-host migrate rollback <server> --yes");
    const waiting = { ...report.servers[0]!, note: "notes waits for your authorization" };
    expect(serverLine(waiting)).toBe("notes: migrated; notes waits for your authorization");
    expect(reportText({ ...report, servers: [waiting] }, { host: true })).toContain(
      "Migrated (1): notes, now behind the hub\n  notes: notes waits for your authorization",
    );
    const native = reportText({ ...report, state: "waiting-for-rewrite" }, { host: false });
    expect(native).toContain("mcp-hub client restore claude-desktop");
    expect(native).toContain("To go on: mcp-hub migrate resume 0123456789abcdef");
    // Rolled back: the file has its entries again, and needs no restore, only the client's restart.
    const restored = reportText(
      {
        ...report,
        servers: [{ ...report.servers[0]!, state: "rolled-back" }],
        files: [{ ...report.files[0]!, status: "restored" }],
      },
      { host: true },
    );
    expect(restored).toContain(`  ${CLAUDE_FILE}: written, the entries of notes put back`);
    expect(restored).toMatch(/Quit and restart Claude Desktop/);
    expect(restored).not.toContain("To put a file back");
  });

  it("masks a URL's password and query values, and leaves other text alone", () => {
    expect(shownUrl("https://u:secret@x.example/mcp?a=1&b=2")).toBe("https://u:…@x.example/mcp?a=…&b=…");
    expect(shownUrl("http://10.0.0.2:4000/mcp")).toBe("http://10.0.0.2:4000/mcp");
    expect(shownUrl("not a url")).toBe("not a url");
  });
});

import { mkdir, readFile, rm, stat, symlink, writeFile, lstat } from "node:fs/promises";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  ClientConfigInvalid,
  ClientEntryConflict,
  ClientOptionUnsupported,
  connect,
  detectClients,
  disconnect,
  previewConnect,
  previewDisconnect,
  resolveTarget,
  restore,
  UnknownClient,
  type EnvContext,
} from "../../src/clients/index.js";
import { envFor, fixture, listFiles, sandbox, type Sandbox } from "./support.js";

let box: Sandbox;
let env: EnvContext;
beforeEach(async () => {
  box = await sandbox();
  env = envFor("linux", box.root);
});
afterEach(async () => {
  await box.cleanup();
});

async function place(client: string, text: string): Promise<string> {
  const { localFile } = await resolveTarget(client, { env });
  await mkdir(path.dirname(localFile), { recursive: true });
  await writeFile(localFile, text);
  return localFile;
}

describe("invalid files", () => {
  it("never touches a file that does not parse and says where the error is", async () => {
    const original = await fixture("invalid.json");
    const file = await place("claude-desktop", original);
    const error = await connect("claude-desktop", { env }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ClientConfigInvalid);
    expect(error).toMatchObject({ file, line: 5, column: 7, code: "client_config_invalid" });
    expect((error as Error).message).toContain(`${file}:5:7: CommaExpected`);
    await expect(previewConnect("claude-desktop", { env })).rejects.toBeInstanceOf(ClientConfigInvalid);
    await expect(disconnect("claude-desktop", { env, force: true })).rejects.toBeInstanceOf(
      ClientConfigInvalid,
    );
    expect(await readFile(file, "utf8")).toBe(original);
    expect(await listFiles(box.root)).toEqual([path.relative(box.root, file)]);
  });

  it("rejects a servers key of the wrong type", async () => {
    await place("cursor", '{"mcpServers": []}');
    await expect(connect("cursor", { env })).rejects.toThrow(/"mcpServers" is not an object/);
  });
});

describe("the servers a client starts itself", () => {
  it("counts every entry but the hub's, by its name or by its look, and none in a file that does not parse", async () => {
    await place(
      "cursor",
      JSON.stringify({
        mcpServers: {
          memory: { command: "npx", args: ["-y", "@modelcontextprotocol/server-memory"] },
          remote: { url: "https://mcp.example.com/mcp" },
          "old-hub": { url: "http://127.0.0.1:3010/mcp" },
        },
      }),
    );
    await connect("cursor", { env });
    await place("windsurf", '{ "mcpServers": { "a": ');
    const byId = Object.fromEntries((await detectClients({ env })).map((s) => [s.client, s]));
    expect(byId.cursor).toMatchObject({ status: "connected", servers: 2 });
    expect(byId.windsurf).toMatchObject({ status: "invalid" });
    expect(byId.windsurf).not.toHaveProperty("servers");
    expect(byId.zed).toMatchObject({ fileExists: false, servers: 0 });
  });
});

describe("conflicting entries", () => {
  it("refuses a foreign mcp-hub entry, replaces it with force, and disconnect brings it back", async () => {
    const original = await fixture("conflicting.json");
    const file = await place("cursor", original);
    expect((await detectClients({ env })).find((s) => s.client === "cursor")).toMatchObject({
      status: "conflicting",
      ours: false,
    });
    expect(await previewConnect("cursor", { env })).toMatchObject({ status: "conflicting" });
    await expect(connect("cursor", { env })).rejects.toBeInstanceOf(ClientEntryConflict);
    await expect(disconnect("cursor", { env })).rejects.toBeInstanceOf(ClientEntryConflict);
    expect(await readFile(file, "utf8")).toBe(original);

    const forced = await connect("cursor", { env, force: true });
    expect(forced).toMatchObject({ status: "written", backup: `${file}.mcp-hub.bak` });
    expect(JSON.parse(await readFile(file, "utf8")).mcpServers["mcp-hub"].command).toBe("docker");
    expect(await disconnect("cursor", { env })).toMatchObject({ status: "written", restoredBackup: true });
    expect(await readFile(file, "utf8")).toBe(original);
  });

  it("updates our own entry written with other options without force", async () => {
    await connect("windsurf", { env, hub: { bridgeImage: "mcp-hub-bridge:0.9" } });
    const status = (await detectClients({ env })).find((s) => s.client === "windsurf");
    expect(status).toMatchObject({ status: "conflicting", ours: true });
    const result = await connect("windsurf", { env });
    expect(result.status).toBe("written");
    expect(result.status === "written" && result.diff).toMatch(
      /-\s+"mcp-hub-bridge:0\.9",\n\+\s+"mcp-hub-bridge:latest",/,
    );
  });

  it("uses another entry name when asked", async () => {
    const file = await place("cursor", await fixture("conflicting.json"));
    await connect("cursor", { env, hub: { entryName: "hub" } });
    const servers = JSON.parse(await readFile(file, "utf8")).mcpServers;
    expect(Object.keys(servers)).toEqual(["mcp-hub", "hub"]);
  });
});

describe("backups and restore", () => {
  it("keeps the first backup, removes only our entry after later edits, and restores the original", async () => {
    const original = await fixture("claude-existing.json");
    const file = await place("cursor", original);
    await connect("cursor", { env });
    // The user adds a server by hand while connected, then switches us to HTTP.
    const edited = (await readFile(file, "utf8")).replace(
      '"mcpServers": {',
      '"mcpServers": {\n    "mine": {"command": "mine"},',
    );
    await writeFile(file, edited);
    expect(await connect("cursor", { env, transport: "http" })).toMatchObject({ status: "written" });
    expect(await readFile(`${file}.mcp-hub.bak`, "utf8")).toBe(original);

    const undo = await disconnect("cursor", { env });
    expect(undo).toMatchObject({ status: "written", restoredBackup: false, backup: `${file}.mcp-hub.bak` });
    const after = JSON.parse(await readFile(file, "utf8"));
    expect(Object.keys(after.mcpServers)).toEqual(["mine", "filesystem"]);
    expect(await readFile(file, "utf8")).toBe(
      original.replace('"mcpServers": {', '"mcpServers": {\n    "mine": {"command": "mine"},'),
    );

    const restored = await restore("cursor", { env });
    expect(restored).toMatchObject({ status: "restored", backup: `${file}.mcp-hub.bak` });
    expect(restored.status === "restored" && restored.diff).toContain('-    "mine": {"command": "mine"},');
    expect(await readFile(file, "utf8")).toBe(original);
    expect(await restore("cursor", { env })).toMatchObject({ status: "no-backup" });
  });

  it("reports no backup when connect created the file", async () => {
    await connect("windsurf", { env });
    expect(await restore("windsurf", { env })).toMatchObject({ status: "no-backup" });
    expect((await detectClients({ env })).find((s) => s.client === "windsurf")).toMatchObject({
      status: "connected",
      hasBackup: false,
    });
  });

  it("says in the status whether there is a backup to restore", async () => {
    const hasBackup = async (client: string) =>
      (await detectClients({ env })).find((s) => s.client === client)?.hasBackup;
    await place("cursor", await fixture("claude-existing.json"));
    expect(await hasBackup("cursor")).toBe(false);
    await connect("cursor", { env });
    expect(await hasBackup("cursor")).toBe(true);
    expect(await hasBackup("windsurf")).toBe(false); // per client, not "any backup anywhere"
    await restore("cursor", { env });
    expect(await hasBackup("cursor")).toBe(false); // restore consumes it
  });
});

describe("edits are exact inverses even without a backup", () => {
  const cases = [
    ["claude-desktop", "claude-existing.json", "stdio"],
    ["cursor", "compact.json", "http"],
    ["cursor", "crlf-4space.json", "stdio"],
    ["vscode", "vscode-jsonc.json", "http"],
    ["zed", "zed-settings.jsonc", "stdio"],
  ] as const;
  it.each(cases)("%s with %s over %s", async (client, name, transport) => {
    const original = await fixture(name);
    const file = await place(client, original);
    await connect(client, { env, transport });
    await rm(`${file}.mcp-hub.bak`);
    const undo = await disconnect(client, { env });
    expect(undo).toMatchObject({ status: "written", restoredBackup: false });
    expect(await readFile(file, "utf8")).toBe(original);
  });
});

describe("JSONC", () => {
  it("keeps comments and trailing commas and adds the VS Code token prompt only once", async () => {
    const original = await fixture("vscode-jsonc.json");
    const file = await place("vscode", original);
    const preview = await previewConnect("vscode", { env, transport: "http" });
    expect(preview.status).toBe("change");
    expect(await readFile(file, "utf8")).toBe(original); // preview writes nothing
    const result = await connect("vscode", { env, transport: "http" });
    expect(result.diff).toBe(preview.diff);
    const text = await readFile(file, "utf8");
    for (const kept of [
      "// User MCP servers (kept by hand)",
      "/* GitHub's server */",
      '"https://api.githubcopilot.com/mcp/", // remote',
      '{"type": "promptString", "id": "gh-token", "password": true},',
    ]) {
      expect(text).toContain(kept);
    }
    expect(text.match(/"id": "mcp-hub-token"/g)).toHaveLength(1);
    expect(text).not.toMatch(/Bearer [A-Za-z0-9]{16,}/); // a reference, never a token
    expect(text).toContain('"Authorization": "Bearer ${input:mcp-hub-token}"');

    // Switching back to the bridge drops the prompt nothing refers to any more.
    await connect("vscode", { env, transport: "stdio" });
    expect(await readFile(file, "utf8")).not.toContain("mcp-hub-token");
  });

  it("keeps a UTF-8 BOM", async () => {
    const original = `\uFEFF${await fixture("claude-existing.json")}`;
    const file = await place("claude-desktop", original);
    await connect("claude-desktop", { env });
    expect((await readFile(file, "utf8")).startsWith("\uFEFF{")).toBe(true);
    await disconnect("claude-desktop", { env });
    expect(await readFile(file, "utf8")).toBe(original);
  });
});

describe("files", () => {
  it("updates a symlinked config at its target and keeps the link", async () => {
    const original = await fixture("claude-existing.json");
    const real = path.join(box.root, "dotfiles/cursor-mcp.json");
    await mkdir(path.dirname(real), { recursive: true });
    await writeFile(real, original);
    const { localFile } = await resolveTarget("cursor", { env });
    await mkdir(path.dirname(localFile), { recursive: true });
    await symlink(real, localFile);
    await connect("cursor", { env });
    expect((await lstat(localFile)).isSymbolicLink()).toBe(true);
    expect(await readFile(real, "utf8")).toContain('"mcp-hub"');
    await disconnect("cursor", { env });
    expect(await readFile(real, "utf8")).toBe(original);
  });

  it("creates missing directories and user files private (0600)", async () => {
    const result = await connect("claude-code", { env, transport: "http" });
    expect(result).toMatchObject({ status: "written", created: true });
    const { localFile } = await resolveTarget("claude-code", { env });
    expect((await stat(localFile)).mode & 0o777).toBe(0o600);
    expect(JSON.parse(await readFile(localFile, "utf8")).mcpServers["mcp-hub"].headers.Authorization).toBe(
      "Bearer ${MCP_HUB_TOKEN}",
    );
  });

  it("previews disconnect without writing", async () => {
    await connect("windsurf", { env });
    const { localFile } = await resolveTarget("windsurf", { env });
    const before = await readFile(localFile, "utf8");
    const preview = await previewDisconnect("windsurf", { env });
    expect(preview).toMatchObject({ status: "remove-file" });
    expect(preview.diff).toContain("+++ /dev/null");
    expect(await readFile(localFile, "utf8")).toBe(before);
    expect(await disconnect("zed", { env })).toMatchObject({ status: "unchanged" });
  });
});

describe("argument errors", () => {
  it("refuses HTTP for clients that would need a plain-text token, and unknown clients", async () => {
    for (const client of ["claude-desktop", "cline", "zed"]) {
      await expect(connect(client, { env, transport: "http" })).rejects.toBeInstanceOf(
        ClientOptionUnsupported,
      );
    }
    await expect(connect("notepad", { env })).rejects.toBeInstanceOf(UnknownClient);
    expect(await listFiles(box.root)).toEqual([]);
  });
});

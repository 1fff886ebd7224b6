import { mkdir, readFile, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { connect, detectClients, resolveTarget, type EnvContext } from "../../src/clients/index.js";
import { envFor, sandbox, type Sandbox } from "./support.js";

let box: Sandbox;
beforeEach(async () => {
  box = await sandbox();
});
afterEach(async () => {
  await box.cleanup();
});

async function makeDir(env: EnvContext, clientPath: string): Promise<void> {
  await mkdir(env.toLocalPath ? env.toLocalPath(clientPath) : clientPath, { recursive: true });
}

describe("config paths per OS", () => {
  it("uses each OS's documented user paths when nothing is installed", async () => {
    const files = async (env: EnvContext) =>
      Object.fromEntries(
        await Promise.all(
          (["claude-desktop", "vscode", "cursor", "claude-code", "windsurf", "zed", "cline"] as const).map(
            async (id) => [id, (await resolveTarget(id, { env })).file],
          ),
        ),
      );
    const mac = envFor("darwin", box.root);
    expect(await files(mac)).toEqual({
      "claude-desktop": `${mac.home}/Library/Application Support/Claude/claude_desktop_config.json`,
      vscode: `${mac.home}/Library/Application Support/Code/User/mcp.json`,
      cursor: `${mac.home}/.cursor/mcp.json`,
      "claude-code": `${mac.home}/.claude.json`,
      windsurf: `${mac.home}/.codeium/windsurf/mcp_config.json`,
      zed: `${mac.home}/.config/zed/settings.json`,
      cline: `${mac.home}/Library/Application Support/Code/User/globalStorage/saoudrizwan.claude-dev/settings/cline_mcp_settings.json`,
    });
    expect(await files(envFor("win32", box.root))).toEqual({
      "claude-desktop": "C:\\Users\\me\\AppData\\Roaming\\Claude\\claude_desktop_config.json",
      vscode: "C:\\Users\\me\\AppData\\Roaming\\Code\\User\\mcp.json",
      cursor: "C:\\Users\\me\\.cursor\\mcp.json",
      "claude-code": "C:\\Users\\me\\.claude.json",
      windsurf: "C:\\Users\\me\\.codeium\\windsurf\\mcp_config.json",
      zed: "C:\\Users\\me\\AppData\\Roaming\\Zed\\settings.json",
      cline:
        "C:\\Users\\me\\AppData\\Roaming\\Code\\User\\globalStorage\\saoudrizwan.claude-dev\\settings\\cline_mcp_settings.json",
    });
    const linux = envFor("linux", box.root, { XDG_CONFIG_HOME: path.join(box.root, "xdg") });
    expect((await files(linux))["vscode"]).toBe(path.join(box.root, "xdg/Code/User/mcp.json"));
    expect((await files(linux))["claude-desktop"]).toBe(
      path.join(box.root, "xdg/Claude/claude_desktop_config.json"),
    );
  });

  it("chooses the Claude Desktop MSIX path on Windows when the Store package dir exists", async () => {
    const env = envFor("win32", box.root);
    // A classic config lingering from an old install must not win over the Store build.
    await makeDir(env, "C:\\Users\\me\\AppData\\Roaming\\Claude");
    expect((await resolveTarget("claude-desktop", { env })).file).toBe(
      "C:\\Users\\me\\AppData\\Roaming\\Claude\\claude_desktop_config.json",
    );
    await makeDir(env, "C:\\Users\\me\\AppData\\Local\\Packages\\Claude_pzs8sxrjxfjjc");
    const target = await resolveTarget("claude-desktop", { env });
    expect(target.file).toBe(
      "C:\\Users\\me\\AppData\\Local\\Packages\\Claude_pzs8sxrjxfjjc\\LocalCache\\Roaming\\Claude\\claude_desktop_config.json",
    );
    expect(target.installed).toBe(true);
    const result = await connect("claude-desktop", { env });
    expect(result.status).toBe("written");
    expect(JSON.parse(await readFile(target.localFile, "utf8")).mcpServers["mcp-hub"].command).toBe("docker");
  });

  it("writes the Windows env Claude Desktop's stripped environment needs, from the injected env", async () => {
    const env = envFor("win32", box.root, { PROGRAMFILES: "D:\\Apps" });
    delete (env.env as Record<string, string>).ProgramFiles;
    delete (env.env as Record<string, string>).SystemRoot;
    await connect("claude-desktop", { env });
    const { localFile } = await resolveTarget("claude-desktop", { env });
    expect(JSON.parse(await readFile(localFile, "utf8")).mcpServers["mcp-hub"].env).toEqual({
      APPDATA: "C:\\Users\\me\\AppData\\Roaming",
      LOCALAPPDATA: "C:\\Users\\me\\AppData\\Local",
      ProgramData: "C:\\ProgramData",
      ProgramFiles: "D:\\Apps", // Windows env names are case-insensitive
      SystemRoot: "C:\\Windows", // fallback when the env lacks it
      USERPROFILE: "C:\\Users\\me",
    });
    // Other OSes get no env block: docker finds its config there.
    const mac = envFor("darwin", box.root);
    await connect("claude-desktop", { env: mac });
    const macFile = (await resolveTarget("claude-desktop", { env: mac })).localFile;
    expect(JSON.parse(await readFile(macFile, "utf8")).mcpServers["mcp-hub"].env).toBeUndefined();
  });

  it("prefers lowercase ~/.config/claude on Linux only when that is the one that exists", async () => {
    const env = envFor("linux", box.root);
    await mkdir(path.join(env.home, ".config/claude"), { recursive: true });
    expect((await resolveTarget("claude-desktop", { env })).file).toBe(
      path.join(env.home, ".config/claude/claude_desktop_config.json"),
    );
    await mkdir(path.join(env.home, ".config/Claude"), { recursive: true });
    expect((await resolveTarget("claude-desktop", { env })).file).toBe(
      path.join(env.home, ".config/Claude/claude_desktop_config.json"),
    );
  });

  it("finds Cline inside the editor that has it (Cursor here)", async () => {
    const env = envFor("darwin", box.root);
    const storage = path.join(
      env.home,
      "Library/Application Support/Cursor/User/globalStorage/saoudrizwan.claude-dev",
    );
    await mkdir(storage, { recursive: true });
    const target = await resolveTarget("cline", { env });
    expect(target).toMatchObject({
      installed: true,
      file: path.join(storage, "settings/cline_mcp_settings.json"),
    });
  });

  it("honours CLAUDE_CONFIG_DIR for Claude Code", async () => {
    const env = envFor("linux", box.root, { CLAUDE_CONFIG_DIR: path.join(box.root, "cc") });
    expect((await resolveTarget("claude-code", { env })).file).toBe(path.join(box.root, "cc/.claude.json"));
  });

  it("puts project-scope files in the project directory, shareable (0644)", async () => {
    const env = envFor("linux", box.root);
    const projectDir = path.join(box.root, "proj");
    await mkdir(projectDir);
    const expected = {
      vscode: ".vscode/mcp.json",
      "claude-code": ".mcp.json",
      cursor: ".cursor/mcp.json",
    } as const;
    for (const [id, rel] of Object.entries(expected)) {
      const result = await connect(id, { env, scope: "project", projectDir, transport: "http" });
      expect(result).toMatchObject({ status: "written", created: true, file: path.join(projectDir, rel) });
      expect((await stat(path.join(projectDir, rel))).mode & 0o777).toBe(0o644);
    }
    await expect(connect("claude-desktop", { env, scope: "project", projectDir })).rejects.toThrow(
      /no project-scope config/,
    );
    await expect(connect("vscode", { env, scope: "project" })).rejects.toThrow(/project directory/);
  });

  it("detects installed clients from their config or app dirs and reports each status", async () => {
    const env = envFor("linux", box.root);
    await mkdir(path.join(env.home, ".cursor"), { recursive: true });
    await mkdir(path.join(env.home, ".codeium/windsurf"), { recursive: true });
    await writeFile(
      path.join(env.home, ".codeium/windsurf/mcp_config.json"),
      '{\n  "mcpServers": {\n    "x": {"command": "x"},,\n  }\n}\n',
    );
    await connect("zed", { env });
    const byId = Object.fromEntries((await detectClients({ env })).map((s) => [s.client, s]));
    expect(Object.keys(byId).sort()).toEqual([
      "claude-code",
      "claude-desktop",
      "cline",
      "cursor",
      "vscode",
      "vscode-insiders",
      "windsurf",
      "zed",
    ]);
    expect(byId.cursor).toMatchObject({ installed: true, fileExists: false, status: "not-configured" });
    expect(byId.vscode).toMatchObject({ installed: false, status: "not-configured" });
    expect(byId.zed).toMatchObject({ installed: true, status: "connected", transport: "stdio" });
    expect(byId.windsurf).toMatchObject({
      status: "invalid",
      error: { line: 3, column: 27, message: "PropertyNameExpected" },
    });
    // Project scope lists only the clients that have one.
    const project = await detectClients({ env, scope: "project", projectDir: path.join(box.root, "p") });
    expect(project.map((s) => s.client)).toEqual(["claude-code", "vscode", "vscode-insiders", "cursor"]);
  });
});

import { describe, expect, it } from "vitest";
import { planMigration, type PlanDeps } from "../../src/migrate/plan.js";
import { scanFiles } from "../../src/migrate/scan.js";

const CLAUDE = JSON.stringify({
  mcpServers: {
    memory: { command: "npx", args: ["-y", "@modelcontextprotocol/server-memory"] },
    filesystem: {
      command: "npx",
      args: ["-y", "@modelcontextprotocol/server-filesystem", "/Users/ann/notes", "/Users/ann/code"],
    },
    github: {
      command: "npx",
      args: ["-y", "@modelcontextprotocol/server-github"],
      env: { GITHUB_TOKEN: "ghp_secret123" },
    },
    fetch: { command: "uvx", args: ["mcp-server-fetch"] },
    local: { command: "python3", args: ["/Users/ann/tools/server.py"] },
    docker: { command: "docker", args: ["run", "-i", "--rm", "-e", "KEY=v1", "mcp/time:1.0"] },
    remote: { url: "https://mcp.example.com/mcp", headers: { Authorization: "Bearer abc" } },
    weird: { command: "/opt/bin/thing" },
    "mcp-hub": {
      command: "docker",
      args: ["run", "-i", "--rm", "mcp-hub-bridge:latest", "--client", "claude-desktop"],
    },
  },
  globalShortcut: "Ctrl+Space",
});

const VSCODE = `{
  // my servers
  "inputs": [{ "type": "promptString", "id": "key", "password": true }],
  "servers": {
    "memory": { "type": "stdio", "command": "npx", "args": ["-y", "@modelcontextprotocol/server-memory@2026.8.31"] },
    "ws": { "type": "stdio", "command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem", "\${workspaceFolder}"] },
    "asks": { "type": "stdio", "command": "npx", "args": ["-y", "pkg"], "env": { "KEY": "\${input:key}" } },
  },
}`;

const deps = (overrides: Partial<PlanDeps> = {}): PlanDeps => ({
  takenNames: () => new Set(["registry", "docker"]),
  imageName: (repository, tag) => `127.0.0.1:5000/${repository}:${tag}`,
  resolveNpm: async (spec) =>
    spec.startsWith("does-not-exist")
      ? { error: `npm has no package ${spec}` }
      : { name: spec.replace(/@[^@/]*$/, "") || spec, version: "2026.8.31" },
  resolvePython: async () => ({
    error: "PyPI (https://pypi.org) is not reachable from the hub: python packages cannot be built here",
  }),
  probeRemote: async () => ({ needsOAuth: false }),
  ...overrides,
});

describe("scan", () => {
  const record = scanFiles({
    platform: "darwin",
    home: "/Users/ann",
    files: [
      {
        origin: "claude-desktop",
        file: "/Users/ann/Library/Application Support/Claude/claude_desktop_config.json",
        text: CLAUDE,
      },
      { origin: "vscode", file: "/Users/ann/Library/Application Support/Code/User/mcp.json", text: VSCODE },
      { origin: "cline", file: "/x/cline_mcp_settings.json", text: '{ "mcpServers": { "broken": ' },
    ],
  });
  const [claude, vscode, cline] = record.scan.files;
  const candidate = (key: string) => record.classified.get(key)!.candidate;

  it("classifies every entry, never showing an environment value", () => {
    expect(claude!.status).toBe("ok");
    expect(candidate("claude-desktop/memory")).toMatchObject({
      kind: "npm",
      source: "@modelcontextprotocol/server-memory",
      launcher: "npx",
    });
    expect(candidate("claude-desktop/filesystem").paths.map((p) => p.path)).toEqual([
      "/Users/ann/notes",
      "/Users/ann/code",
    ]);
    expect(candidate("claude-desktop/github")).toMatchObject({ kind: "npm", envNames: ["GITHUB_TOKEN"] });
    expect(candidate("claude-desktop/fetch")).toMatchObject({ kind: "python", source: "mcp-server-fetch" });
    expect(candidate("claude-desktop/local")).toMatchObject({
      kind: "script",
      source: "/Users/ann/tools/server.py",
    });
    expect(candidate("claude-desktop/docker")).toMatchObject({
      kind: "image",
      source: "mcp/time:1.0",
      envNames: ["KEY"],
    });
    expect(candidate("claude-desktop/remote")).toMatchObject({
      kind: "remote",
      source: "https://mcp.example.com/mcp",
      envNames: ["Authorization"],
    });
    expect(candidate("claude-desktop/weird")).toMatchObject({
      kind: "unmigratable",
      reason: expect.stringContaining("not a launcher"),
    });
    expect(candidate("claude-desktop/mcp-hub").isHub).toBe(true);
    expect(JSON.stringify(record.scan)).not.toMatch(/ghp_secret123|abc|v1/);
    expect(record.classified.get("claude-desktop/github")!.env).toEqual({ GITHUB_TOKEN: "ghp_secret123" });
  });

  it("reads JSONC, asks about ${workspaceFolder}, and refuses ${input:…} with the reason", () => {
    expect(vscode!.status).toBe("ok");
    expect(candidate("vscode/ws").paths).toEqual([
      { path: "${workspaceFolder}", needsChoice: true, writable: false },
    ]);
    expect(candidate("vscode/asks")).toMatchObject({
      kind: "unmigratable",
      reason: expect.stringContaining("${input:key}"),
    });
  });

  it("reports a file it cannot parse with line and column", () => {
    expect(cline).toMatchObject({ status: "invalid", error: { line: 1, column: expect.any(Number) } });
  });

  it("plans names, versions, tags, secrets, mounts and risk, and says why the rest stays", async () => {
    const plan = await planMigration(
      record,
      {
        "vscode/ws": { workspaceFolder: "/Users/ann/project" },
        "claude-desktop/filesystem": { writable: ["/Users/ann/notes"] },
      },
      deps(),
    );
    const server = (name: string) => plan.servers.find((s) => s.name === name)!;
    expect(server("memory")).toMatchObject({
      kind: "npm",
      source: "@modelcontextprotocol/server-memory@2026.8.31",
      version: "2026.8.31",
      image: "127.0.0.1:5000/mcp/memory:2026.8.31",
      risk: "low",
      egress: false,
    });
    // The same entry name in two clients: both kept, the second renamed.
    expect(server("memory-2")).toMatchObject({ renamedFrom: "memory", key: "vscode/memory" });
    expect(server("filesystem")).toMatchObject({
      risk: "high",
      args: ["/Users/ann/notes", "/Users/ann/code"],
      mounts: [
        { source: "/Users/ann/notes", target: "/Users/ann/notes", writable: true },
        { source: "/Users/ann/code", target: "/Users/ann/code", writable: false },
      ],
    });
    expect(server("github")).toMatchObject({
      secretEnv: { GITHUB_TOKEN: "GITHUB__GITHUB_TOKEN" },
      egress: true,
      risk: "medium",
      riskReason: "it holds a secret (an API key or token)",
    });
    expect(server("ws")).toMatchObject({
      args: ["/Users/ann/project"],
      mounts: [{ source: "/Users/ann/project" }],
    });
    // "docker" belongs to a built-in server: renamed, and said so.
    expect(server("docker-2")).toMatchObject({
      kind: "image",
      image: "127.0.0.1:5000/mcp/docker-2:1.0",
      renamedFrom: "docker",
    });
    expect(server("remote")).toMatchObject({
      kind: "remote",
      secretEnv: { Authorization: "REMOTE__Authorization" },
    });
    const skipped = Object.fromEntries(plan.skipped.map((s) => [s.key, s.reason]));
    expect(skipped["claude-desktop/fetch"]).toMatch(/PyPI/);
    expect(skipped["claude-desktop/weird"]).toMatch(/not a launcher/);
    expect(skipped["claude-desktop/mcp-hub"]).toMatch(/hub's own entry/);
    expect(skipped["vscode/asks"]).toMatch(/input:key/);
  });

  it("plans a remote that wants OAuth to wait for the user's authorization, and asks for a workspace folder", async () => {
    const plan = await planMigration(
      record,
      {},
      deps({ probeRemote: async () => ({ needsOAuth: true, detail: "401 with a Bearer challenge" }) }),
    );
    const remote = plan.servers.find((s) => s.key === "claude-desktop/remote");
    expect(remote).toMatchObject({ kind: "remote", oauth: true });
    expect(remote?.notes).toContainEqual(expect.stringMatching(/OAuth sign-in.*mcp-hub server auth remote/));
    const skipped = Object.fromEntries(plan.skipped.map((s) => [s.key, s.reason]));
    expect(skipped["claude-desktop/remote"]).toBeUndefined();
    expect(skipped["vscode/ws"]).toMatch(/pick the folder/);
  });

  it("translates Windows paths for Docker Desktop's engine", async () => {
    const windows = scanFiles({
      platform: "win32",
      files: [
        {
          origin: "claude-desktop",
          file: "C:\\Users\\ann\\AppData\\Roaming\\Claude\\claude_desktop_config.json",
          text: JSON.stringify({
            mcpServers: {
              fs: {
                command: "cmd",
                args: ["/c", "npx", "-y", "@modelcontextprotocol/server-filesystem", "C:\\Users\\ann\\docs"],
              },
            },
          }),
        },
      ],
    });
    const plan = await planMigration(windows, {}, deps());
    expect(plan.servers[0]).toMatchObject({
      args: ["/c/Users/ann/docs"],
      mounts: [
        { source: "/run/desktop/mnt/host/c/Users/ann/docs", target: "/c/Users/ann/docs", writable: false },
      ],
    });
  });
});

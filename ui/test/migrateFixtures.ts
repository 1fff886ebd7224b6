/**
 * What the hub answers on /api/migrate (contracts/src/migrate.ts), for one Claude Desktop file: a remote server with
 * a key in its header, a filesystem server with a folder, an entry of no known launcher, and the hub's own entry.
 */
import type { Candidate, Choice, Plan, Report, Run, Scan, ServerRun } from "../src/api";

export const CLAUDE_FILE = "/home/ann/.config/Claude/claude_desktop_config.json";

export const candidate = (entryName: string, more: Partial<Candidate>): Candidate => ({
  key: `claude-desktop/${entryName}`,
  origin: "claude-desktop",
  file: CLAUDE_FILE,
  entryName,
  kind: "npm",
  args: [],
  envNames: [],
  paths: [],
  isHub: false,
  ...more,
});

export const scan: Scan = {
  id: "scan-1",
  createdAt: "2026-12-07T10:00:00.000Z",
  platform: "linux",
  files: [
    {
      status: "ok",
      origin: "claude-desktop",
      file: CLAUDE_FILE,
      candidates: [
        candidate("notes", {
          kind: "remote",
          source: "https://mcp.example.com/mcp",
          launcher: "http",
          envNames: ["Authorization"],
        }),
        candidate("fs", {
          source: "@modelcontextprotocol/server-filesystem",
          launcher: "npx -y",
          args: ["/home/ann/notes"],
          paths: [{ path: "/home/ann/notes", needsChoice: false, writable: false }],
        }),
        candidate("legacy", {
          kind: "unmigratable",
          reason: '"serve" is not a launcher the hub can package',
        }),
        candidate("mcp-hub", { kind: "image", source: "mcp-hub-bridge:latest", isHub: true }),
      ],
    },
  ],
};

/** What the hub plans for the scan under these choices (the parts the review shows). */
export function planFor(choices: Record<string, Choice> = {}, id = "plan-1"): Plan {
  const fs = choices["claude-desktop/fs"] ?? {};
  const servers: Plan["servers"] = [
    {
      key: "claude-desktop/notes",
      name: "notes",
      kind: "remote",
      source: "https://mcp.example.com/mcp",
      args: [],
      secretEnv: { Authorization: "NOTES__Authorization" },
      mounts: [],
      egress: true,
      risk: "medium",
      riskReason: "it holds a secret (an API key or token)",
      notes: [],
    },
  ];
  if (fs.include !== false)
    servers.push({
      key: "claude-desktop/fs",
      name: fs.name ?? "fs",
      kind: "npm",
      source: "@modelcontextprotocol/server-filesystem@2026.1.14",
      version: "2026.1.14",
      image: `127.0.0.1:5000/mcp/${fs.name ?? "fs"}:2026.1.14`,
      args: ["/home/ann/notes"],
      secretEnv: {},
      mounts: [
        {
          source: "/home/ann/notes",
          target: "/home/ann/notes",
          writable: (fs.writable ?? []).includes("/home/ann/notes"),
        },
      ],
      egress: fs.egress ?? false,
      risk: fs.risk ?? "high",
      riskReason: fs.risk ? "chosen" : '"fs": filesystem, shell, Docker or browser access',
      notes: [],
    });
  const skipped: Plan["skipped"] = [
    {
      key: "claude-desktop/legacy",
      entryName: "legacy",
      file: CLAUDE_FILE,
      reason: '"serve" is not a launcher the hub can package',
    },
    {
      key: "claude-desktop/mcp-hub",
      entryName: "mcp-hub",
      file: CLAUDE_FILE,
      reason: "it is the hub's own entry",
    },
  ];
  if (fs.include === false)
    skipped.push({ key: "claude-desktop/fs", entryName: "fs", file: CLAUDE_FILE, reason: "you left it out" });
  return { id, scan: scan.id, createdAt: scan.createdAt, servers, skipped };
}

export const server = (name: string, more: Partial<ServerRun>): ServerRun => ({
  key: `claude-desktop/${name}`,
  name,
  risk: "medium",
  state: "pending",
  done: [],
  ...more,
});

export function runOf(state: Run["state"], servers: ServerRun[], files: Run["files"] = []): Run {
  return { id: "run-1", plan: "plan-1", state, startedAt: "2026-12-07T10:01:00.000Z", servers, files };
}

export function reportOf(run: Run): Report {
  const count = (state: string) => run.servers.filter((s) => s.state === state).length;
  const entries = planFor().skipped;
  return {
    run: run.id,
    state: run.state,
    migrated: count("migrated"),
    failed: count("failed"),
    skipped: count("skipped") + entries.length,
    servers: run.servers,
    entries,
    files: run.files,
  };
}

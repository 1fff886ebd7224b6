import type {
  ClientId,
  EntryKind,
  FileRewrite,
  MigrationStep,
  RiskLevel,
  ScannedFile,
  ServerRunState,
} from "../../api";

type ChipColor = "default" | "success" | "info" | "warning" | "error";

/** Where a scanned file came from, as the clients module names the apps. */
export const ORIGIN_NAMES: Record<ClientId | "upload", string> = {
  "claude-desktop": "Claude Desktop",
  cline: "Cline",
  vscode: "VS Code",
  "vscode-insiders": "VS Code Insiders",
  cursor: "Cursor",
  "claude-code": "Claude Code",
  windsurf: "Windsurf",
  zed: "Zed",
  upload: "Uploaded file",
};

export const originName = (file: Pick<ScannedFile, "origin">) => ORIGIN_NAMES[file.origin] ?? file.origin;

export const KIND_LABEL: Record<EntryKind, string> = {
  npm: "npm package",
  python: "Python package",
  script: "Local script",
  image: "Container image",
  remote: "Remote server",
  unmigratable: "Cannot migrate",
};

export const RISK_LABEL: Record<RiskLevel, string> = { low: "Low", medium: "Medium", high: "High" };
export const RISKS: readonly RiskLevel[] = ["low", "medium", "high"];

export const STEP_LABEL: Record<MigrationStep, string> = {
  secrets: "Secrets",
  build: "Build",
  push: "Push",
  handshake: "Handshake",
  deploy: "Deploy",
  validate: "Validate",
  rewrite: "Client file",
};

export const SERVER_STATE: Record<ServerRunState, { label: string; color: ChipColor }> = {
  pending: { label: "Waiting", color: "default" },
  running: { label: "Migrating", color: "info" },
  migrated: { label: "Migrated", color: "success" },
  failed: { label: "Failed", color: "error" },
  "rolled-back": { label: "Rolled back", color: "default" },
  skipped: { label: "Skipped", color: "default" },
};

export const FILE_STATE: Record<FileRewrite["status"], { label: string; color: ChipColor }> = {
  pending: { label: "Waiting to be written", color: "warning" },
  written: { label: "Written", color: "success" },
  restored: { label: "Entries put back", color: "default" },
  "changed-since-scan": { label: "Changed since the scan", color: "error" },
  failed: { label: "Not written", color: "error" },
};

/** A candidate key is `origin/entryName` (with `#2`… for a name seen twice in one scan). */
export function keyParts(key: string): { origin: string; entry: string } {
  const at = key.indexOf("/");
  return {
    origin: ORIGIN_NAMES[key.slice(0, at) as ClientId] ?? key.slice(0, at),
    entry: key.slice(at + 1).replace(/#\d+$/, ""),
  };
}

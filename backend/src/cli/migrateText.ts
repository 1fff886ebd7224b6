import type {
  Candidate,
  FileRewrite,
  Plan,
  PlannedServer,
  Report,
  Scan,
  ScriptFolder,
  ServerRun,
} from "@mcp-hub/contracts";
import { findClient } from "../clients/index.js";
import type { ReadFiles } from "./migrateFiles.js";
import type { AppliedRewrite } from "./migrateRewrites.js";
import { table } from "./table.js";

/*
 * What `mcp-hub migrate …` prints for people. Values are never shown: environment and header NAMES only, arguments
 * not at all (a key may sit in one), and a URL's password and query values masked.
 */

/** Where the commands that follow run: on this machine, or through the host helper (which says it its own way). */
export interface Hints {
  host: boolean;
}

const MASK = "…";

/** A URL without its password and query values (a key may travel in either). */
export function shownUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url;
  }
  if (parsed.password) parsed.password = MASK;
  for (const key of [...parsed.searchParams.keys()]) parsed.searchParams.set(key, MASK);
  return decodeURI(parsed.toString());
}

const shownSource = (kind: string, source: string) => (kind === "remote" ? shownUrl(source) : source);
const kib = (bytes: number) => `${Math.max(1, Math.round(bytes / 1024))} KiB`;
const indent = (text: string, by = "  ") => text.replace(/^(?=.)/gm, by);
const list = (items: string[]) => items.join(", ");

export function commands(hints: Hints) {
  const host = hints.host;
  return {
    restore: (client: string) =>
      host ? `mcp-hub-host restore ${client}` : `mcp-hub client restore ${client}`,
    rollback: host ? "mcp-hub-host migrate rollback <server> --yes" : "mcp-hub migrate rollback <server>",
    resume: host ? "mcp-hub-host migrate resume" : "mcp-hub migrate resume",
  };
}

function candidateRow(candidate: Candidate, folder: ScriptFolder | undefined): string[] {
  const { entryName, kind } = candidate;
  if (candidate.isHub) return [entryName, "hub", "the hub's own entry"];
  if (kind === "unmigratable") return [entryName, "cannot migrate", candidate.reason ?? ""];
  const details = [
    `${shownSource(kind, candidate.source ?? "")}${candidate.launcher ? ` (${candidate.launcher})` : ""}`,
  ];
  if (candidate.envNames.length)
    details.push(`${kind === "remote" ? "headers" : "env"}: ${list(candidate.envNames)}`);
  if (candidate.paths.length)
    details.push(
      `paths: ${list(candidate.paths.map((p) => `${p.path}${p.needsChoice ? " (pick a folder: --workspace-folder)" : ""}`))}`,
    );
  if (folder?.status === "sent")
    details.push(`folder sent: ${folder.files} file${folder.files === 1 ? "" : "s"}, ${kib(folder.bytes)}`);
  if (folder?.status === "refused") details.push(`folder not sent: ${folder.reason}`);
  return [entryName, kind, details.join("; ")];
}

/** Each file read, its entries (kind, source, env names, path arguments), and why an entry cannot migrate. */
export function scanText(scan: Scan, read: Omit<ReadFiles, "files">, folders: ScriptFolder[]): string {
  const out: string[] = [];
  for (const file of scan.files) {
    out.push(`${file.origin}: ${file.file}`);
    if (file.status === "invalid") {
      const { line, column, message } = file.error;
      out.push(
        `  not valid at line ${line}, column ${column} (${message}): left untouched; fix it, then scan again`,
      );
      continue;
    }
    if (!file.candidates.length) out.push("  no MCP servers");
    else
      out.push(
        indent(
          table(
            file.candidates.map((c) =>
              candidateRow(
                c,
                folders.find((f) => f.key === c.key),
              ),
            ),
          ),
        ),
      );
  }
  if (!scan.files.length) out.push("No client config files found here.");
  if (read.absent.length) out.push(`No config file: ${list(read.absent.map((a) => a.client))}`);
  for (const u of read.unreadable) out.push(`Not read: ${u.client} (${u.file}): ${u.reason}`);
  return out.join("\n");
}

function plannedText(server: PlannedServer, folder: ScriptFolder | undefined): string {
  const source = shownSource(server.kind, server.source);
  const rows: string[][] = [];
  if (server.renamedFrom)
    rows.push(["renamed from", `${server.renamedFrom} (the name was taken or reserved)`]);
  if (server.image) rows.push(["image", server.image]);
  const secrets = Object.entries(server.secretEnv).map(([env, secret]) => `${env} → ${secret}`);
  if (secrets.length) rows.push(["secrets", list(secrets)]);
  for (const m of server.mounts)
    rows.push(["mount", `${m.source} → ${m.target} (${m.writable ? "writable" : "read-only"})`]);
  rows.push(["egress", server.egress ? "yes" : "no"]);
  rows.push(["risk", `${server.risk} (${server.riskReason})`]);
  for (const note of server.notes) rows.push(["note", note]);
  if (folder?.status === "refused") rows.push(["not run", `its folder was not sent: ${folder.reason}`]);
  return `${server.name}  ${server.kind}  ${source}\n${indent(table(rows), "    ")}`;
}

/** The plan: each server (what it becomes and why) and what stays in the clients (and why). */
export function planText(
  plan: Plan,
  scan: Scan,
  extra: { folders: ScriptFolder[]; only?: string[] } = { folders: [] },
): string {
  const chosen = (s: PlannedServer) => !extra.only || extra.only.includes(s.name);
  const servers = plan.servers.filter(chosen);
  const out = [
    servers.length
      ? `Plan ${plan.id.slice(0, 8)}: ${servers.length} server${servers.length > 1 ? "s" : ""} to migrate`
      : "Nothing to migrate.",
    ...servers.map((s) =>
      plannedText(
        s,
        extra.folders.find((f) => f.key === s.key),
      ),
    ),
  ];
  const stays = [
    ...plan.skipped.map((s) => `${s.entryName} (${s.file}): ${s.reason}`),
    ...plan.servers.filter((s) => !chosen(s)).map((s) => `${s.name}: not in this run (--only)`),
    ...scan.files.flatMap((f) =>
      f.status === "invalid"
        ? [`every entry of ${f.file}: it is not valid at line ${f.error.line}, column ${f.error.column}`]
        : [],
    ),
  ];
  if (stays.length) out.push("Stays in the clients:", indent(stays.join("\n")));
  return out.join("\n");
}

/** One line of a run's progress, for plain output (one per step change). */
export function serverLine(server: ServerRun): string {
  switch (server.state) {
    case "running":
      return `${server.name}: ${server.step === "rewrite" ? "waiting for its client file" : (server.step ?? "starting")}`;
    case "failed":
      return `${server.name}: failed at ${server.step ?? "?"}: ${server.error ?? ""}`;
    case "skipped":
      return `${server.name}: skipped (${server.error ?? "left out"})`;
    case "migrated":
      return `${server.name}: migrated${server.note ? `; ${server.note}` : ""}`;
    default:
      return `${server.name}: ${server.state}`;
  }
}

function fileText(file: FileRewrite, hints: Hints): string {
  const head = `${file.file}: `;
  switch (file.status) {
    case "written":
      return `${head}written${file.backup ? `; the original is kept in ${file.backup}` : ""}`;
    case "restored":
      return `${head}written, the entries of ${list(file.servers)} put back`;
    case "pending":
      return `${head}waiting to be written (${commands(hints).resume} writes it)`;
    default:
      return `${head}${file.status === "failed" ? "not written" : "changed since the scan, not written"}: ${file.error ?? ""}${file.fix ? `\n  fix: ${file.fix}` : ""}`;
  }
}

/**
 * A run's report: migrated, skipped (why), failed (the step, the reason, the fix), what stays in the clients, each
 * file (its backup), and how to go back.
 */
export function reportText(report: Report, hints: Hints, applied: AppliedRewrite[] = []): string {
  const by = (state: ServerRun["state"]) => report.servers.filter((s) => s.state === state);
  const out = [`Run ${report.run.slice(0, 8)}: ${report.state}`];
  const migrated = by("migrated");
  if (migrated.length)
    out.push(
      `Migrated (${migrated.length}): ${list(migrated.map((s) => s.name))}, now behind the hub`,
      ...migrated.filter((s) => s.note).map((s) => `  ${s.name}: ${s.note}`),
    );
  const rolledBack = by("rolled-back");
  if (rolledBack.length)
    out.push(`Rolled back (${rolledBack.length}): ${list(rolledBack.map((s) => s.name))}`);
  const skipped = by("skipped");
  if (skipped.length)
    out.push(`Skipped (${skipped.length}):`, ...skipped.map((s) => `  ${s.name}: ${s.error ?? "left out"}`));
  const failed = by("failed");
  if (failed.length)
    out.push(
      `Failed (${failed.length}):`,
      ...failed.map(
        (s) => `  ${s.name} at ${s.step ?? "?"}: ${s.error ?? ""}${s.fix ? `\n    fix: ${s.fix}` : ""}`,
      ),
    );
  const running = [...by("running"), ...by("pending")];
  if (running.length) out.push(`Not finished (${running.length}): ${list(running.map(serverLine))}`);
  if (report.entries.length)
    out.push(
      "Stays in the clients:",
      ...report.entries.map((e) => `  ${e.entryName} (${e.file}): ${e.reason}`),
    );
  const left = applied.filter((a) => a.status === "left");
  if (report.files.length || left.length)
    out.push(
      "Files:",
      ...report.files.map((f) => indent(fileText(f, hints))),
      ...left.map((a) => `  ${a.file}: left for whoever scanned it (${a.status === "left" ? a.reason : ""})`),
    );
  // Entries put back, like those taken out, count once the client restarts.
  const changed = report.files.filter(
    (f) => ["written", "restored"].includes(f.status) && f.origin !== "upload",
  );
  const written = changed.filter((f) => f.status === "written");
  for (const origin of [...new Set(changed.map((f) => f.origin))]) {
    const client = findClient(origin);
    if (client) out.push(client.afterChange);
  }
  if (written.length)
    out.push(
      `To put a file back as it was before the first migration: ${list([...new Set(written.map((f) => commands(hints).restore(f.origin)))])}`,
    );
  if (migrated.length)
    out.push(`To undo one server, its entry back in its client: ${commands(hints).rollback}`);
  if (report.state === "interrupted" || report.state === "waiting-for-rewrite")
    out.push(`To go on: ${commands(hints).resume} ${report.run}`);
  return out.join("\n");
}

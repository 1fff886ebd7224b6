import { createInterface } from "node:readline/promises";
import type {
  Choice,
  Plan,
  Report,
  RiskLevel,
  Run,
  RunsResponse,
  Scan,
  ScriptFolder,
} from "@mcp-hub/contracts";
import type { EnvContext } from "../clients/index.js";
import { machine } from "./clientCommands.js";
import { callApi, CliError, EXIT, type HubConnection } from "./hubClient.js";
import { readClientFiles, scanRequest, sendScriptFolders, type ReadFiles } from "./migrateFiles.js";
import { followRun } from "./migrateProgress.js";
import { applyRewrites, type AppliedRewrite } from "./migrateRewrites.js";
import type { Hints } from "./migrateText.js";

export interface ScanFlags {
  workspaceFolder?: string;
  json?: boolean;
}

export interface PlanFlags extends ScanFlags {
  only?: string[];
  writable?: string[];
  /** `server=level`, as typed. */
  risk?: string[];
}

/** A scan of the client files where this command runs, with the scripts' folders sent along. */
export interface ScanHere {
  env: EnvContext;
  hints: Hints;
  read: ReadFiles;
  scan: Scan;
  folders: ScriptFolder[];
}

const RISK_LEVELS: readonly RiskLevel[] = ["low", "medium", "high"];

/** Reads the clients' files here, sends them to the hub, and each local script's folder after them. */
export async function scanHere(
  connection: HubConnection,
  clients: string[],
  flags: ScanFlags,
): Promise<ScanHere> {
  const { env, mounted } = machine();
  const hints = { host: mounted };
  const read = await readClientFiles(env, clients);
  if (!read.files.length) {
    const none: Scan = { id: "", createdAt: new Date().toISOString(), platform: env.platform, files: [] };
    return { env, hints, read, scan: none, folders: [] };
  }
  const scanned = await callApi<Scan>(connection, "POST", "/migrate/scans", scanRequest(env, read.files));
  const folders = await sendScriptFolders(connection, scanned, env, {
    workspaceFolder: flags.workspaceFolder,
  });
  // The hub keeps what became of them with the scan: the dashboard's review and a failed build say it from there.
  const scan = folders.length
    ? await callApi<Scan>(connection, "PUT", `/migrate/scans/${encodeURIComponent(scanned.id)}/folders`, {
        folders,
      })
    : scanned;
  return { env, hints, read, scan, folders };
}

/** The user's choices per scanned entry: writable paths and the workspace folder; risks named by entry. */
function choicesFor(
  scan: Scan,
  flags: PlanFlags,
): { choices: Record<string, Choice>; risks: Map<string, RiskLevel> } {
  const candidates = scan.files.flatMap((f) => (f.status === "ok" ? f.candidates : []));
  const choices: Record<string, Choice> = {};
  const choice = (key: string) => (choices[key] ??= {});
  const writable = flags.writable ?? [];
  const unknown = writable.filter((w) => !candidates.some((c) => c.paths.some((p) => p.path === w)));
  if (unknown.length) {
    const known = [...new Set(candidates.flatMap((c) => c.paths.map((p) => p.path)))];
    throw new CliError(
      `--writable ${unknown.join(", ")}: not a path argument of any entry (they are: ${known.join(", ") || "none"}); give it as the entry writes it`,
      EXIT.usage,
    );
  }
  for (const c of candidates) {
    const mine = writable.filter((w) => c.paths.some((p) => p.path === w));
    if (mine.length) choice(c.key).writable = mine;
    if (flags.workspaceFolder) choice(c.key).workspaceFolder = flags.workspaceFolder;
  }
  const risks = new Map<string, RiskLevel>();
  for (const pair of flags.risk ?? []) {
    const [server, level] = pair.split("=");
    if (!server || !RISK_LEVELS.includes(level as RiskLevel))
      throw new CliError(`--risk takes <server>=<low|medium|high>, got "${pair}"`, EXIT.usage);
    risks.set(server, level as RiskLevel);
  }
  return { choices, risks };
}

const emptyPlan = (scan: Scan): Plan => ({
  id: "",
  scan: scan.id,
  createdAt: new Date().toISOString(),
  servers: [],
  skipped: [],
});

/** The servers named with --only, by their names in the plan (an entry's own name finds a renamed one). */
function onlyNames(plan: Plan, only: string[] | undefined): string[] | undefined {
  if (!only?.length) return undefined;
  const names = only.map((name) => plan.servers.find((s) => s.name === name || s.renamedFrom === name)?.name);
  const missing = only.filter((_, i) => !names[i]);
  if (missing.length) {
    const staying = plan.skipped
      .filter((s) => missing.includes(s.entryName))
      .map((s) => `; ${s.entryName} stays in its client: ${s.reason}`);
    throw new CliError(
      `--only ${missing.join(", ")}: the plan has no such server; it has ${plan.servers.map((s) => s.name).join(", ") || "none"}${staying.join("")}`,
      EXIT.usage,
    );
  }
  return [...new Set(names as string[])];
}

/** Scans here and plans with the user's choices; changes nothing anywhere. */
export async function planHere(connection: HubConnection, clients: string[], flags: PlanFlags) {
  const found = await scanHere(connection, clients, flags);
  const { scan } = found;
  if (!scan.id) return { ...found, plan: emptyPlan(scan), only: undefined };
  const { choices, risks } = choicesFor(scan, flags);
  const planWith = (chosen: Record<string, Choice>) =>
    callApi<Plan>(connection, "POST", "/migrate/plans", { scan: scan.id, choices: chosen });
  let plan = await planWith(choices);
  if (risks.size) {
    // Risks are named by server: the plan says which entry each name is.
    for (const [name, risk] of risks) {
      const server = plan.servers.find((s) => s.name === name || s.renamedFrom === name);
      if (!server)
        throw new CliError(
          `--risk ${name}: the plan has no such server; it has ${plan.servers.map((s) => s.name).join(", ") || "none"}`,
          EXIT.usage,
        );
      choices[server.key] = { ...choices[server.key], risk };
    }
    plan = await planWith(choices);
  }
  return { ...found, plan, only: onlyNames(plan, flags.only) };
}

/** Asks on the terminal; refuses (exit 2) where there is none, unless --yes said it already. */
export async function confirmed(question: string, yes: boolean | undefined, what: string): Promise<void> {
  if (yes) return;
  if (!process.stdin.isTTY)
    throw new CliError(
      `not a terminal, so nothing was asked and nothing changed: add --yes to ${what}`,
      EXIT.usage,
    );
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = (await prompt.question(`${question} [y/N] `)).trim();
    if (!/^y(es)?$/i.test(answer)) throw new CliError("nothing changed", EXIT.failed);
  } finally {
    prompt.close();
  }
}

/**
 * Follows a run until it settles, writes the client files it waits for here, and fetches its report; `ok` when no
 * server failed and the run is done.
 */
export async function finishRun(
  connection: HubConnection,
  run: Run,
  options: { env: EnvContext; plan?: Plan; verbose?: boolean; json?: boolean },
): Promise<{ report: Report; applied: AppliedRewrite[]; ok: boolean }> {
  const bars = !options.json && Boolean(process.stderr.isTTY);
  const settled = await followRun(connection, run, { plan: options.plan, verbose: options.verbose, bars });
  let applied: AppliedRewrite[] = [];
  if (settled.state === "waiting-for-rewrite") {
    applied = (await applyRewrites(connection, settled.id, options.env)).applied;
    for (const a of applied)
      process.stderr.write(`${a.status === "written" ? "wrote" : "did not write"} ${a.file}\n`);
  }
  const report = await callApi<Report>(
    connection,
    "GET",
    `/migrate/runs/${encodeURIComponent(run.id)}/report`,
  );
  return { report, applied, ok: report.failed === 0 && report.state === "done" };
}

/** The run a command is about: the one whose id starts with `wanted`, else the latest. */
export async function pickRun(connection: HubConnection, wanted: string | undefined): Promise<Run> {
  const { runs } = await callApi<RunsResponse>(connection, "GET", "/migrate/runs");
  const newest = [...runs].sort((a, b) => b.startedAt.localeCompare(a.startedAt));
  if (!wanted) {
    if (!newest[0])
      throw new CliError("no migration has run on this hub yet: see `mcp-hub migrate plan`", EXIT.notFound);
    return newest[0];
  }
  const found = newest.filter((r) => r.id.startsWith(wanted));
  if (found.length > 1)
    throw new CliError(`${wanted} starts ${found.length} run ids: give more of it`, EXIT.usage);
  if (!found[0]) throw new CliError(`no run ${wanted} on this hub`, EXIT.notFound);
  return found[0];
}

/** The newest run in which `server` is migrated: the one a rollback undoes it from. */
export async function runOfServer(connection: HubConnection, server: string): Promise<Run> {
  const { runs } = await callApi<RunsResponse>(connection, "GET", "/migrate/runs");
  const newest = [...runs].sort((a, b) => b.startedAt.localeCompare(a.startedAt));
  const found = newest.find((r) => r.servers.some((s) => s.name === server && s.state === "migrated"));
  if (found) return found;
  const migrated = [
    ...new Set(newest.flatMap((r) => r.servers.filter((s) => s.state === "migrated").map((s) => s.name))),
  ];
  throw new CliError(
    `no run migrated ${server}${migrated.length ? `; migrated servers: ${migrated.join(", ")}` : ""}`,
    EXIT.notFound,
  );
}

import type { FileRewrite, Platform, Run } from "@mcp-hub/contracts";
import type { RewriteResult } from "../clients/index.js";
import type { RunContext } from "./context.js";
import { MigrationConflict } from "./errors.js";
import { ledgerKey, renderLedger, sha256, withMigrated, withoutEntry, type FileLedger } from "./ledger.js";
import { filled } from "./secretKeeping.js";
import type { PendingRewrite, StoredRun } from "./store.js";

/** The written outcome of a rewrite, from the hub's own write or the host side's report. */
export type RewriteOutcome = RewriteResult | { status: "written"; backup?: string };

/** Where a run's server entry lives. */
function entryOf(ctx: RunContext, key: string) {
  const classified = ctx.scan.classified.get(key);
  const server = ctx.stored.run.servers.find((s) => s.key === key);
  if (!classified || !server) throw new Error(`run ${ctx.stored.run.id} has no server ${key}`);
  const { origin, file, entryName } = classified.candidate;
  return { origin, file, entry: entryName, server: server.name, ledger: ledgerKey(origin, file) };
}

/** The file's text for the ledger, the hub's entry in as `connect` writes it, secret values filled back. */
async function render(ctx: RunContext, ledger: FileLedger) {
  const addHub = ctx.deps.hubEntry(ledger.origin, ctx.scan.scan.platform as Platform, ctx.scan.home);
  const out = renderLedger(ledger, addHub);
  return { ...out, text: await filled(ctx.deps.secrets, out.text, ledger.file) };
}

function noteFile(run: Run, file: FileRewrite): void {
  const at = run.files.findIndex((f) => f.origin === file.origin && f.file === file.file);
  if (at < 0) run.files.push(file);
  else run.files[at] = file;
}

async function ledgerFor(ctx: RunContext, key: string): Promise<FileLedger> {
  const ledger = (await ctx.deps.store.ledgers())[key];
  if (!ledger) throw new Error(`no ledger for ${key}: the run did not open it`);
  return ledger;
}

/** One file's rewrite taking out the entries of these servers (all in that file), waiting to be written. */
export async function proposeMigration(ctx: RunContext, keys: string[]): Promise<PendingRewrite> {
  const entries = keys.map((key) => entryOf(ctx, key));
  const first = entries[0]!;
  const ledger = await ledgerFor(ctx, first.ledger);
  const out = await render(
    ctx,
    withMigrated(ledger, Object.fromEntries(entries.map((e) => [e.entry, e.server]))),
  );
  return note(ctx, {
    kind: "migrate",
    keys,
    rewrite: {
      origin: first.origin,
      file: first.file,
      expectedSha256: ledger.lastSha256,
      text: out.text,
      removed: entries.map((e) => e.entry),
      hubEntryAdded: out.hubEntryAdded,
      restored: [],
    },
  });
}

/** The rewrite putting one migrated server's entry back as it was (the hub's entry goes with the last one). */
export async function proposeRollback(ctx: RunContext, key: string): Promise<PendingRewrite> {
  const at = entryOf(ctx, key);
  if (ctx.stored.pending.some((p) => p.rewrite.origin === at.origin && p.rewrite.file === at.file))
    throw new MigrationConflict(
      `${at.file} has a rewrite still waiting to be written: write it first (the host helper does), then roll back`,
    );
  const ledger = await ledgerFor(ctx, at.ledger);
  const out = await render(ctx, withoutEntry(ledger, at.entry));
  return note(ctx, {
    kind: "rollback",
    keys: [key],
    rewrite: {
      origin: at.origin,
      file: at.file,
      expectedSha256: ledger.lastSha256,
      text: out.text,
      removed: [],
      hubEntryAdded: false,
      restored: [at.entry],
    },
  });
}

async function note(ctx: RunContext, pending: PendingRewrite): Promise<PendingRewrite> {
  ctx.stored.pending.push(pending);
  const { origin, file } = pending.rewrite;
  const servers = pending.keys.map((key) => entryOf(ctx, key).server);
  noteFile(ctx.stored.run, { origin, file, status: "pending", servers });
  await ctx.save();
  return pending;
}

/** Writes the rewrite where the hub can; undefined leaves it to the host side. */
export async function writeLocally(ctx: RunContext, pending: PendingRewrite) {
  return ctx.deps.writeFile?.(pending.rewrite, ctx.scan.scan.platform as Platform);
}

/**
 * Records how a rewrite went. Written: the ledger takes the change and knows the file's new text. Otherwise the
 * file is as it was, and the run says why and what to do.
 */
export async function commitRewrite(
  ctx: RunContext,
  pending: PendingRewrite,
  outcome: RewriteOutcome,
): Promise<boolean> {
  const { rewrite } = pending;
  ctx.stored.pending = ctx.stored.pending.filter((p) => p !== pending);
  const servers = pending.keys.map((key) => entryOf(ctx, key));
  const base = { origin: rewrite.origin, file: rewrite.file, servers: servers.map((s) => s.server) };
  if (outcome.status !== "written") {
    noteFile(ctx.stored.run, {
      ...base,
      status: outcome.status,
      error: outcome.error,
      fix:
        pending.kind === "migrate"
          ? "the file was left as it is: scan the client files again and migrate from the new scan"
          : `the entries were not put back: restore the file's backup (mcp-hub client restore), or scan again and roll back from the new run`,
    });
    await ctx.save();
    return false;
  }
  const ledgers = await ctx.deps.store.ledgers();
  const key = ledgerKey(rewrite.origin, rewrite.file);
  let ledger = ledgers[key]!;
  for (const s of servers)
    ledger =
      pending.kind === "migrate"
        ? withMigrated(ledger, { [s.entry]: s.server })
        : withoutEntry(ledger, s.entry);
  ledgers[key] = { ...ledger, lastSha256: sha256(rewrite.text), writtenAt: new Date().toISOString() };
  await ctx.deps.store.saveLedgers(ledgers);
  noteFile(ctx.stored.run, { ...base, ...writtenState(ctx, pending), backup: outcome.backup });
  await ctx.save();
  return true;
}

/**
 * A written file in the run: written, for the run's servers whose entries are out of it now; restored, for those
 * put back, once a rollback has put back the last of them.
 */
function writtenState(ctx: RunContext, pending: PendingRewrite): Pick<FileRewrite, "status" | "servers"> {
  const { origin, file } = pending.rewrite;
  const ofFile = ctx.stored.run.servers.filter((server) => {
    const at = ctx.scan.classified.get(server.key)?.candidate;
    return at?.origin === origin && at.file === file;
  });
  const out = ofFile.filter((s) =>
    pending.kind === "migrate"
      ? pending.keys.includes(s.key) || s.state === "migrated"
      : s.state === "migrated" && !pending.keys.includes(s.key),
  );
  if (out.length) return { status: "written", servers: out.map((s) => s.name) };
  return { status: "restored", servers: ofFile.filter((s) => s.done.includes("rewrite")).map((s) => s.name) };
}

/** The pending rewrite of a file, for the host side's report on it. */
export function pendingFor(stored: StoredRun, file: string): PendingRewrite {
  const pending = stored.pending.find((p) => p.rewrite.file === file);
  if (!pending) throw new MigrationConflict(`run ${stored.run.id} has no rewrite of ${file} waiting`);
  return pending;
}

import type { SecretStore } from "../config/index.js";
import type { RunContext, ServerContext } from "./context.js";
import { ledgerKey, markEntrySecrets, type FileLedger } from "./ledger.js";
import { serversPathOf } from "./scan.js";
import { fillSecrets, secretsMarkedIn } from "./secretMarks.js";

/**
 * Once a server's values are in the secret store they are kept nowhere else: the scan drops them, and the texts
 * the hub keeps of the client file (the scan's, the ledger's base) mark them. A rollback fills the marks back from
 * the store before it removes the secrets.
 */
export async function markMoved(ctx: ServerContext, moved: Record<string, string>): Promise<void> {
  if (!Object.keys(moved).length) return;
  const { candidate } = ctx.classified;
  const scanned = ctx.scan.files.find((f) => f.origin === candidate.origin && f.file === candidate.file);
  if (scanned) {
    const path = [...serversPathOf(candidate.origin, scanned.text), candidate.entryName];
    scanned.text = markEntrySecrets(scanned.text, path, moved);
    const ledgers = await ctx.deps.store.ledgers();
    const ledger = ledgers[ledgerKey(candidate.origin, candidate.file)];
    if (ledger) {
      ledger.base = markEntrySecrets(ledger.base, [...ledger.serversPath, candidate.entryName], moved);
      await ctx.deps.store.saveLedgers(ledgers);
    }
  }
  const values = ctx.planned.kind === "remote" ? ctx.classified.headers : ctx.classified.env;
  for (const [variable, secret] of Object.entries(ctx.planned.secretEnv))
    if (Object.hasOwn(moved, secret)) delete values[variable];
  await ctx.deps.store.saveScan(ctx.scan);
}

/** The ledger's base with these secrets' marks filled from the store (before the secrets go). */
export async function refillLedger(
  ctx: RunContext,
  file: { origin: FileLedger["origin"]; file: string },
  secrets: string[],
): Promise<void> {
  if (!secrets.length) return;
  const ledgers = await ctx.deps.store.ledgers();
  const ledger = ledgers[ledgerKey(file.origin, file.file)];
  if (!ledger) return;
  const values = await present(ctx.deps.secrets, secrets);
  const filled = fillSecrets(ledger.base, values);
  if (filled === ledger.base) return;
  ledger.base = filled;
  await ctx.deps.store.saveLedgers(ledgers);
}

/** The text with every mark filled from the store; a mark whose secret is gone fails, saying how to recover. */
export async function filled(secrets: SecretStore, text: string, file: string): Promise<string> {
  const names = secretsMarkedIn(text);
  if (!names.length) return text;
  const values = await present(secrets, names);
  const gone = names.filter((name) => !Object.hasOwn(values, name));
  if (gone.length)
    throw new Error(
      `the hub no longer has ${gone.join(", ")}, which ${file} needs written back: scan the file again`,
    );
  return fillSecrets(text, values);
}

/** The values of those secrets that exist. */
async function present(secrets: SecretStore, names: string[]): Promise<Record<string, string>> {
  const existing = new Set(await secrets.names());
  return secrets.get(names.filter((name) => existing.has(name)));
}

import { createHash } from "node:crypto";
import type { ScanOrigin } from "@mcp-hub/contracts";
import { findNodeAtLocation, type Node } from "jsonc-parser";
import { parseDoc, serialize, setAt, valueAt, type Json, type JsonDoc } from "../clients/index.js";
import { markValues } from "./secretMarks.js";

export const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/**
 * What the hub knows of one client file it rewrites: its text as if no entry of it were behind the hub (`base`),
 * and which entries are. Each rewrite is `base` less the migrated entries plus the hub's entry, so undoing every
 * migration gives `base` back byte for byte, and an entry put back lands where it was, as it was.
 */
export interface FileLedger {
  origin: ScanOrigin;
  file: string;
  serversPath: string[];
  /** Secret values of entries whose values are in the secret store are marked (secretMarks.ts). */
  base: string;
  /** sha256 of the text this ledger began with: a scan that read it still plans against this ledger. */
  baseSha256: string;
  /** sha256 of the text the file has on disk, as far as the hub knows (a rewrite expects it). */
  lastSha256: string;
  /** When the hub last wrote the file: a scan older than that read a text the file no longer has. */
  writtenAt?: string;
  /** Entry name → the server it became. Their entries are in `base`, left out of each rewrite. */
  migrated: Record<string, string>;
  /**
   * Entries migrated from an earlier text of the file (the user edited it since): not in `base`; a rollback puts
   * the entry back at the end of the servers.
   */
  detached: Record<string, { server: string; value: Json }>;
}

export const ledgerKey = (origin: ScanOrigin, file: string) => `${origin}:${file}`;

function docOf(text: string, file: string): JsonDoc {
  const parsed = parseDoc(text);
  if (!parsed.ok) throw new Error(`${file} no longer parses: ${parsed.problem.message}`);
  return parsed.doc;
}

/**
 * Whether a scan of the file read a text this ledger knows: the one the hub wrote last, or the one the ledger began
 * with when the scan read it before the hub wrote. The first text read after the hub wrote means the user put the
 * file back by hand: a text the ledger no longer describes.
 */
export const knowsText = (ledger: FileLedger, sha: string, scannedAt: string) =>
  ledger.lastSha256 === sha ||
  (ledger.baseSha256 === sha && (ledger.writtenAt === undefined || scannedAt < ledger.writtenAt));

/**
 * The ledger a run continues for a file it scanned: the same one when the scan read a text it knows, else a new one
 * from the scan's text. Entries migrated from the older text carry over, detached, unless the new text has them
 * again (the client starts them itself: nothing to put back).
 */
export function openLedger(
  existing: FileLedger | undefined,
  scanned: { origin: ScanOrigin; file: string; text: string; sha256: string; scannedAt: string },
  serversPath: string[],
): FileLedger {
  if (existing && knowsText(existing, scanned.sha256, scanned.scannedAt)) return existing;
  const detached: FileLedger["detached"] = {};
  if (existing) {
    const oldDoc = docOf(existing.base, existing.file);
    const newDoc = docOf(scanned.text, scanned.file);
    const carried = { ...existing.detached };
    for (const [entry, server] of Object.entries(existing.migrated))
      carried[entry] = { server, value: valueAt(oldDoc, [...existing.serversPath, entry]) ?? null };
    for (const [entry, kept] of Object.entries(carried))
      if (valueAt(newDoc, [...serversPath, entry]) === undefined) detached[entry] = kept;
  }
  return {
    origin: scanned.origin,
    file: scanned.file,
    serversPath,
    base: scanned.text,
    baseSha256: scanned.sha256,
    lastSha256: scanned.sha256,
    migrated: {},
    detached,
  };
}

/** The string values inside a node, last first (so replacing one keeps the offsets of those before it). */
function stringValues(node: Node): Node[] {
  const found: Node[] = [];
  const walk = (n: Node) => {
    const isKey = n.parent?.type === "property" && n.parent.children?.[0] === n;
    if (n.type === "string" && !isKey) found.push(n);
    n.children?.forEach(walk);
  };
  walk(node);
  return found.sort((a, b) => b.offset - a.offset);
}

/** The text with the values (secret name → value) marked inside one entry; the rest of the text is unchanged. */
export function markEntrySecrets(
  text: string,
  path: readonly string[],
  values: Record<string, string>,
): string {
  const doc = parseDoc(text);
  if (!doc.ok || !doc.doc.root) return text;
  const entry = findNodeAtLocation(doc.doc.root, [...path]);
  if (!entry) return text;
  // Offsets are within doc.text (without a BOM); serialize puts the BOM back.
  let out = doc.doc.text;
  for (const node of stringValues(entry)) {
    const marked = markValues(node.value as string, values);
    if (marked !== undefined)
      out = out.slice(0, node.offset) + JSON.stringify(marked) + out.slice(node.offset + node.length);
  }
  return serialize({ ...doc.doc, text: out });
}

/** The ledger with these entries (entry → server) behind the hub. */
export function withMigrated(ledger: FileLedger, entries: Record<string, string>): FileLedger {
  return { ...ledger, migrated: { ...ledger.migrated, ...entries } };
}

/** The ledger with the entry back in the client: out of `migrated`, or a detached one put back into `base`. */
export function withoutEntry(ledger: FileLedger, entry: string): FileLedger {
  const migrated = { ...ledger.migrated };
  const detached = { ...ledger.detached };
  let base = ledger.base;
  if (Object.hasOwn(detached, entry)) {
    base = serialize(setAt(docOf(base, ledger.file), [...ledger.serversPath, entry], detached[entry]!.value));
    delete detached[entry];
  }
  delete migrated[entry];
  return { ...ledger, base, migrated, detached };
}

/** The ledger entries that belong to a server (by its name behind the hub). */
export function entryOf(ledger: FileLedger, server: string): string | undefined {
  const all = { ...Object.fromEntries(Object.entries(ledger.detached).map(([e, d]) => [e, d.server])) };
  Object.assign(all, ledger.migrated);
  return Object.entries(all).find(([, name]) => name === server)?.[0];
}

/**
 * The file's text for the ledger: `base` less the migrated entries, plus the hub's entry (`addHub`, connect's
 * planner) while any entry of the file is behind the hub. Marks of values still in the store stay for the caller to
 * fill.
 */
export function renderLedger(
  ledger: FileLedger,
  addHub: ((text: string) => { text: string; added: boolean }) | undefined,
): { text: string; hubEntryAdded: boolean } {
  let doc = docOf(ledger.base, ledger.file);
  for (const entry of Object.keys(ledger.migrated))
    doc = setAt(doc, [...ledger.serversPath, entry], undefined);
  const text = serialize(doc);
  const behindHub = Object.keys(ledger.migrated).length + Object.keys(ledger.detached).length > 0;
  if (!behindHub || !addHub) return { text, hubEntryAdded: false };
  const withHub = addHub(text);
  return { text: withHub.text, hubEntryAdded: withHub.added };
}

import {
  appendAt,
  emptyDoc,
  isObject,
  jsonEqual,
  parseDoc,
  serialize,
  setAt,
  valueAt,
  type JsonDoc,
  type SyntaxProblem,
} from "./jsonDoc.js";
import type { ClientDefinition, CompanionInput, EntryContext, Json, Transport } from "./types.js";

/**
 * Pure planning of connect/disconnect on a file's text (null = file missing). No I/O: operations.ts reads, plans,
 * then writes. Outcomes are values; the caller turns `invalid` and `conflict` into errors where it must refuse.
 */

export interface PlanContext {
  def: ClientDefinition;
  ctx: EntryContext;
}

export type EntryStatus =
  | { status: "not-configured" }
  | { status: "connected"; transport: Transport }
  /** `ours`: the entry looks like one we wrote with other options, so connect may update it without `force`. */
  | { status: "conflicting"; existing: Json; ours: boolean }
  | { status: "invalid"; problem: SyntaxProblem };

export type ConnectPlan =
  | { kind: "unchanged" }
  | { kind: "write"; text: string }
  | { kind: "conflict"; existing: Json }
  | { kind: "invalid"; problem: SyntaxProblem };

export type DisconnectPlan =
  | { kind: "unchanged" }
  /** `fromBackup`: the text is the backup, byte for byte, because the file was exactly what connect made of it. */
  | { kind: "write"; text: string; fromBackup: boolean }
  /** The file exists only because connect created it and nothing else was added since. */
  | { kind: "delete" }
  | { kind: "conflict"; existing: Json }
  | { kind: "invalid"; problem: SyntaxProblem };

function entryPath(p: PlanContext): string[] {
  return [...p.def.serversPath, p.ctx.options.entryName];
}

function load(
  raw: string | null,
  p: PlanContext,
): { ok: true; doc: JsonDoc } | { ok: false; problem: SyntaxProblem } {
  if (raw === null) return { ok: true, doc: emptyDoc() };
  const parsed = parseDoc(raw);
  if (!parsed.ok) return parsed;
  const container = valueAt(parsed.doc, [...p.def.serversPath]);
  if (container !== undefined && !isObject(container)) {
    return {
      ok: false,
      problem: { message: `"${p.def.serversPath.join(".")}" is not an object`, line: 1, column: 1 },
    };
  }
  const inputs = valueAt(parsed.doc, ["inputs"]);
  if (p.def.companionInput && inputs !== undefined && !Array.isArray(inputs)) {
    return { ok: false, problem: { message: `"inputs" is not an array`, line: 1, column: 1 } };
  }
  return parsed;
}

/** Which of our entries `existing` is exactly, if any. */
function exactVariant(existing: Json, p: PlanContext): Transport | undefined {
  return p.def.transports.find((t) => jsonEqual(existing, p.def.entry(t, p.ctx)));
}

/**
 * Loose recognition of an entry we wrote with other options (older bridge tag, other port): the bridge image's
 * repository with `--client <id>`, or our hub URL. Such an entry is updated without `force`.
 */
function looksOurs(existing: Json, p: PlanContext): boolean {
  if (!isObject(existing)) return false;
  const repo = p.ctx.options.bridgeImage.replace(/:[^/:]+$/, "");
  const args = existing.args;
  if (Array.isArray(args)) {
    const clientAt = args.indexOf("--client");
    const hasImage = args.some(
      (a) => typeof a === "string" && (a === repo || a.startsWith(`${repo}:`) || a.startsWith(`${repo}@`)),
    );
    if (hasImage && clientAt >= 0 && args[clientAt + 1] === p.def.id) return true;
  }
  const url = existing.url ?? existing.serverUrl;
  return typeof url === "string" && url === p.ctx.options.hubUrl;
}

function inputRef(input: CompanionInput): string {
  return `\${input:${input.id}}`;
}

function withInput(doc: JsonDoc, input: CompanionInput): JsonDoc {
  const inputs = valueAt(doc, ["inputs"]);
  if (inputs === undefined) return setAt(doc, ["inputs"], [input.value]);
  if (!Array.isArray(inputs)) return doc;
  // A user-made input with our id is kept as is: our header only needs the id to resolve.
  if (inputs.some((i) => isObject(i) && i.id === input.id)) return doc;
  return appendAt(doc, ["inputs"], input.value);
}

/** Removes the input we add, when it is exactly ours and nothing refers to it any more. */
function withoutInput(doc: JsonDoc, input: CompanionInput): JsonDoc {
  const inputs = valueAt(doc, ["inputs"]);
  if (!Array.isArray(inputs) || doc.text.includes(inputRef(input))) return doc;
  const index = inputs.findIndex((i) => jsonEqual(i, input.value));
  return index < 0 ? doc : setAt(doc, ["inputs", index], undefined);
}

/** The doc with `entry` as our entry and the companion input added (http) or dropped (otherwise). */
function applyEntry(doc: JsonDoc, p: PlanContext, entry: Json, transport: Transport | undefined): JsonDoc {
  const path = entryPath(p);
  let next = jsonEqual(valueAt(doc, path), entry) ? doc : setAt(doc, path, entry);
  const input = p.def.companionInput?.(p.ctx);
  if (input) next = transport === "http" ? withInput(next, input) : withoutInput(next, input);
  return next;
}

export function entryStatus(raw: string | null, p: PlanContext): EntryStatus {
  const loaded = load(raw, p);
  if (!loaded.ok) return { status: "invalid", problem: loaded.problem };
  const existing = valueAt(loaded.doc, entryPath(p));
  if (existing === undefined) return { status: "not-configured" };
  const variant = exactVariant(existing, p);
  if (variant) {
    const complete = applyEntry(loaded.doc, p, existing, variant);
    if (complete.text === loaded.doc.text) return { status: "connected", transport: variant };
  }
  return { status: "conflicting", existing, ours: variant !== undefined || looksOurs(existing, p) };
}

/** Server entries the client starts itself: every entry of its server map but the hub's (by name or by look). */
export function ownServerCount(raw: string | null, p: PlanContext): number {
  const loaded = load(raw, p);
  const servers = loaded.ok ? valueAt(loaded.doc, [...p.def.serversPath]) : undefined;
  if (!isObject(servers)) return 0;
  return Object.entries(servers).filter(
    ([name, entry]) => name !== p.ctx.options.entryName && !looksOurs(entry, p),
  ).length;
}

export function planConnect(
  raw: string | null,
  p: PlanContext,
  options: { transport: Transport; force: boolean },
): ConnectPlan {
  const loaded = load(raw, p);
  if (!loaded.ok) return { kind: "invalid", problem: loaded.problem };
  const { doc } = loaded;
  const existing = valueAt(doc, entryPath(p));
  if (
    existing !== undefined &&
    !options.force &&
    exactVariant(existing, p) === undefined &&
    !looksOurs(existing, p)
  ) {
    return { kind: "conflict", existing };
  }
  const next = applyEntry(doc, p, p.def.entry(options.transport, p.ctx), options.transport);
  if (raw !== null && next.text === doc.text) return { kind: "unchanged" };
  return { kind: "write", text: serialize(next) };
}

/**
 * Removes exactly what connect added. When the file is byte for byte what connect made of the backup (or of
 * nothing), the backup comes back (or the file goes) so disconnect after connect restores the original exactly.
 */
export function planDisconnect(
  raw: string | null,
  backup: string | null,
  p: PlanContext,
  options: { force: boolean },
): DisconnectPlan {
  if (raw === null) return { kind: "unchanged" };
  const loaded = load(raw, p);
  if (!loaded.ok) return { kind: "invalid", problem: loaded.problem };
  const { doc } = loaded;
  const existing = valueAt(doc, entryPath(p));
  if (existing === undefined) return { kind: "unchanged" };
  const variant = exactVariant(existing, p);
  if (!options.force && variant === undefined && !looksOurs(existing, p))
    return { kind: "conflict", existing };

  const remade = (base: string | null): string | undefined => {
    const source = load(base, p);
    return source.ok ? serialize(applyEntry(source.doc, p, existing, variant)) : undefined;
  };
  if (backup !== null && remade(backup) === raw) return { kind: "write", text: backup, fromBackup: true };
  if (backup === null && remade(null) === raw) return { kind: "delete" };

  let next = setAt(doc, entryPath(p), undefined);
  const input = p.def.companionInput?.(p.ctx);
  if (input) next = withoutInput(next, input);
  return { kind: "write", text: serialize(next), fromBackup: false };
}

import { hash } from "node:crypto";
import type { AuditEvent } from "@mcp-hub/contracts";

/** What callers hand to record(): `args` is hashed and dropped; `time` defaults to now. */
export type AuditInput = Omit<AuditEvent, "time"> & { time?: string; args?: unknown };

/** Error texts can quote a server's output at length; the log needs the gist. */
const ERROR_MAX_CHARS = 1_000;

/** JSON with object keys sorted at every depth, so equal arguments hash equally whatever their key order. */
export function canonicalJson(value: unknown): string | undefined {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(
          Object.keys(v)
            .sort()
            .map((k) => [k, (v as Record<string, unknown>)[k]]),
        )
      : v,
  );
}

/** Hex sha256 of the canonical JSON, or undefined when there are no arguments or they are not JSON. */
export function hashArgs(args: unknown): string | undefined {
  if (args === undefined) return undefined;
  let text: string | undefined;
  try {
    text = canonicalJson(args);
  } catch {
    return undefined; // cycles or BigInt: cannot come off the wire, so not worth a failure on the hot path
  }
  return text === undefined ? undefined : hash("sha256", text, "hex");
}

/**
 * Copies the known fields one by one: anything else on the input (notably `args`, or a caller passing a whole
 * request) never reaches the file. Absent fields are left out rather than deleted afterwards: a deleted key turns
 * the event into a dictionary object, which JSON.stringify serializes several times slower.
 */
export function toAuditEvent(input: AuditInput, now: () => Date = () => new Date()): AuditEvent {
  const event = { time: input.time ?? now().toISOString() } as AuditEvent;
  if (input.client !== undefined) event.client = input.client;
  if (input.session !== undefined) event.session = input.session;
  if (input.transport !== undefined) event.transport = input.transport;
  event.server = input.server;
  event.method = input.method;
  if (input.name !== undefined) event.name = input.name;
  const argsHash = input.args !== undefined ? hashArgs(input.args) : input.argsHash;
  if (argsHash !== undefined) event.argsHash = argsHash;
  event.outcome = input.outcome;
  if (input.error !== undefined) event.error = truncate(String(input.error), ERROR_MAX_CHARS);
  event.latencyMs = Math.round(input.latencyMs * 1000) / 1000;
  return event;
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

import { closeSync, existsSync, fstatSync, openSync, readSync } from "node:fs";
import { auditEventSchema, type AuditEvent } from "@mcp-hub/contracts";

/** Bytes read from the end of each file at start-up: ~10k typical events, and a bounded start-up cost. */
const TAIL_READ_BYTES = 4 * 1024 * 1024;

export interface TailResult {
  /** Oldest first. */
  events: AuditEvent[];
  /** Lines that did not parse as events (a torn last write, hand edits). */
  skipped: number;
}

/**
 * Reads the newest `want` events of `file`, then of `rotated` if the current file alone has too few.
 * Synchronous on purpose: it runs once at start-up, before the hub serves, so recent() is complete at once.
 */
export function readTail(files: { file: string; rotated: string }, want: number): TailResult {
  const current = readEvents(files.file);
  if (current.events.length >= want) return { events: current.events.slice(-want), skipped: current.skipped };
  const older = readEvents(files.rotated);
  const events = [...older.events, ...current.events].slice(-want);
  return { events, skipped: current.skipped + older.skipped };
}

/** Size of the file and whether it ends mid-line, so the next append starts on a fresh line. */
export function fileEnd(file: string): { size: number; endsMidLine: boolean } {
  if (!existsSync(file)) return { size: 0, endsMidLine: false };
  const fd = openSync(file, "r");
  try {
    const size = fstatSync(fd).size;
    if (size === 0) return { size, endsMidLine: false };
    const last = Buffer.alloc(1);
    readSync(fd, last, 0, 1, size - 1);
    return { size, endsMidLine: last[0] !== 0x0a };
  } finally {
    closeSync(fd);
  }
}

function readEvents(file: string): TailResult {
  if (!existsSync(file)) return { events: [], skipped: 0 };
  const fd = openSync(file, "r");
  let text: string;
  let start: number;
  try {
    const size = fstatSync(fd).size;
    start = Math.max(0, size - TAIL_READ_BYTES);
    const buffer = Buffer.alloc(size - start);
    readSync(fd, buffer, 0, buffer.length, start);
    text = buffer.toString("utf8");
  } finally {
    closeSync(fd);
  }
  const lines = text.split("\n");
  if (start > 0) lines.shift(); // began mid-line
  const events: AuditEvent[] = [];
  let skipped = 0;
  for (const line of lines) {
    if (!line.trim()) continue;
    try {
      const parsed = auditEventSchema.safeParse(JSON.parse(line));
      if (parsed.success) events.push(parsed.data);
      else skipped++;
    } catch {
      skipped++;
    }
  }
  return { events, skipped };
}

import { createWriteStream, mkdirSync, type WriteStream } from "node:fs";
import { rename } from "node:fs/promises";
import { join } from "node:path";
import type { AuditEvent, AuditQuery } from "@mcp-hub/contracts";
import { BadRequest } from "../errors/index.js";
import type { Logger } from "../log/index.js";
import { SerialQueue } from "../queue/index.js";
import { toAuditEvent, type AuditInput } from "./auditEvent.js";
import { Ring } from "./ring.js";
import { fileEnd, readTail } from "./tail.js";

export const AUDIT_FILE = "audit.jsonl";
/** Rotate at 50 MiB: months of typical use, and small enough to open in an editor. One generation is kept. */
const DEFAULT_MAX_BYTES = 50 * 1024 * 1024;
/** Events kept in memory for the Activity page and recent(). */
const DEFAULT_RING_SIZE = 5_000;
const DEFAULT_QUERY_LIMIT = 100;
const FILE_MODE = 0o600;
/** How long recorded events may wait in memory before they are appended (close() and flush() write at once). */
const FLUSH_MS = 50;

export interface AuditLog {
  readonly file: string;
  /** Cheap and synchronous: the line is buffered and appended with the others of the next ~50 ms. */
  record(input: AuditInput): void;
  /** Newest first, from memory (seeded from the file's tail at start-up). */
  recent(query?: AuditQuery): AuditEvent[];
  /** Called synchronously for every recorded event; returns the unsubscribe function. */
  subscribe(listener: (event: AuditEvent) => void): () => void;
  /** Resolves once everything recorded so far is handed to the OS. */
  flush(): Promise<void>;
  close(): Promise<void>;
}

export interface AuditLogOptions {
  dataDir: string;
  log: Logger;
  /** Rotate audit.jsonl to audit.jsonl.1 before it would grow past this size. */
  maxBytes?: number;
  ringSize?: number;
}

/** Reads the tail of the existing file synchronously (start-up only) so recent() survives restarts. */
export function createAuditLog(options: AuditLogOptions): AuditLog {
  const log = options.log.child({ mod: "audit" });
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const file = join(options.dataDir, AUDIT_FILE);
  const rotated = `${file}.1`;
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });

  const ring = new Ring<AuditEvent>(options.ringSize ?? DEFAULT_RING_SIZE);
  const tail = readTail({ file, rotated }, ring.capacity);
  for (const event of tail.events) ring.push(event);
  if (tail.skipped) log.warn({ file, skipped: tail.skipped }, "skipped unreadable audit lines");
  const end = fileEnd(file);
  let bytes = end.size;
  // A crash mid-write leaves a torn last line; start ours on a fresh one so only that line is lost.
  let needsNewline = end.endsMidLine;

  const listeners = new Set<(event: AuditEvent) => void>();
  let pending: string[] = [];
  let scheduled = false;
  let closed = false;
  const drains = new SerialQueue();
  let stream = openStream();

  function openStream(): WriteStream {
    const created = createWriteStream(file, { flags: "a", mode: FILE_MODE });
    created.on("error", (err) => log.error({ err, file }, "audit log stream failed"));
    return created;
  }

  function writeChunk(chunk: string): Promise<void> {
    return new Promise((resolve, reject) => stream.write(chunk, (err) => (err ? reject(err) : resolve())));
  }

  function endStream(target: WriteStream): Promise<void> {
    return new Promise((resolve) => {
      if (target.destroyed || target.closed) return resolve();
      target.once("close", () => resolve());
      target.end();
    });
  }

  async function rotate(): Promise<void> {
    await endStream(stream);
    try {
      await rename(file, rotated);
    } catch (err) {
      log.error({ err, file }, "audit log rotation failed; appending to the current file");
    }
    stream = openStream();
    bytes = 0;
    log.info({ file, rotated }, "rotated audit log");
  }

  async function drain(): Promise<void> {
    while (pending.length) {
      const lines = pending;
      pending = [];
      let chunk = lines.join("");
      if (needsNewline) chunk = `\n${chunk}`;
      const size = Buffer.byteLength(chunk);
      try {
        if (bytes > 0 && bytes + size > maxBytes) await rotate();
        if (stream.destroyed) stream = openStream(); // a failed stream stays failed; try a fresh one
        await writeChunk(chunk);
        needsNewline = false;
        bytes += size;
      } catch (err) {
        log.error({ err, file, lost: lines.length }, "could not write audit events");
      }
    }
  }

  /** Serialized with rotation and close; never rejects (drain logs its failures). */
  function enqueueDrain(): Promise<void> {
    return drains.run(drain);
  }

  function schedule(): void {
    if (scheduled) return;
    scheduled = true;
    // One write per FLUSH_MS however many calls finished in it: every file write is a round trip through libuv's
    // thread pool, which costs more than the call being audited once calls come by the thousand.
    setTimeout(() => {
      scheduled = false;
      void enqueueDrain();
    }, FLUSH_MS);
  }

  return {
    file,

    record(input) {
      if (closed) {
        log.warn({ server: input.server, method: input.method }, "audit event after close dropped");
        return;
      }
      const event = toAuditEvent(input);
      ring.push(event);
      pending.push(`${JSON.stringify(event)}\n`);
      schedule();
      for (const listener of [...listeners]) {
        try {
          listener(event);
        } catch (err) {
          log.warn({ err }, "audit listener failed");
        }
      }
    },

    recent(query = {}) {
      const limit = Math.min(Math.max(0, Math.floor(query.limit ?? DEFAULT_QUERY_LIMIT)), ring.capacity);
      const sinceMs = query.since === undefined ? undefined : Date.parse(query.since);
      if (Number.isNaN(sinceMs)) throw new BadRequest(`"since" must be an ISO time, got "${query.since}"`);
      const out: AuditEvent[] = [];
      for (const event of ring.newestFirst()) {
        if (out.length >= limit) break;
        if (query.server !== undefined && event.server !== query.server) continue;
        if (query.outcome !== undefined && event.outcome !== query.outcome) continue;
        if (sinceMs !== undefined && !(Date.parse(event.time) >= sinceMs)) continue;
        out.push(event);
      }
      return out;
    },

    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    flush: () => enqueueDrain(),

    async close() {
      if (closed) return enqueueDrain(); // nothing is pending after close: resolves once the last drain is done
      closed = true;
      listeners.clear();
      await enqueueDrain();
      await endStream(stream);
    },
  };
}

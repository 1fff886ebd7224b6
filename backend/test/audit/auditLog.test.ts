import { createHash } from "node:crypto";
import { existsSync, statSync } from "node:fs";
import { appendFile, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createAuditLog, type AuditEvent, type AuditInput, type AuditLog } from "../../src/audit/index.js";

const log = pino({ level: "silent" });
let dir: string;
const open: AuditLog[] = [];

function start(options: { maxBytes?: number; ringSize?: number } = {}): AuditLog {
  const audit = createAuditLog({ dataDir: dir, log, ...options });
  open.push(audit);
  return audit;
}

const call = (overrides: Partial<AuditInput> = {}): AuditInput => ({
  server: "alpha",
  method: "tools/call",
  name: "echo",
  outcome: "ok",
  latencyMs: 12.5,
  ...overrides,
});

async function lines(file: string): Promise<AuditEvent[]> {
  const text = await readFile(file, "utf8");
  return text
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as AuditEvent);
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "mcp-hub-audit-"));
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((a) => a.close()));
  await rm(dir, { recursive: true, force: true });
});

describe("record", () => {
  it("appends one JSON line per event, buffered off the hot path, with mode 0600", async () => {
    const audit = start();
    audit.record(call({ client: "vscode", session: "s1", transport: "streamable-http" }));
    // record() only buffers: nothing is on disk until the stream writes on a later tick.
    expect(existsSync(audit.file) ? statSync(audit.file).size : 0).toBe(0);
    await audit.flush();
    const [event, ...rest] = await lines(audit.file);
    expect(rest).toEqual([]);
    expect(event).toMatchObject({
      client: "vscode",
      session: "s1",
      server: "alpha",
      method: "tools/call",
      outcome: "ok",
      latencyMs: 12.5,
    });
    expect(Date.parse(event!.time)).not.toBeNaN();
    expect((await stat(audit.file)).mode & 0o777).toBe(0o600);
  });

  it("stores a hash of the arguments, never their values", async () => {
    const audit = start();
    const seen: AuditEvent[] = [];
    audit.subscribe((e) => seen.push(e));
    audit.record(call({ args: { path: "/home/me/secret-file.txt", token: "tok-0123456789" } }));
    audit.record(call({ args: { token: "tok-0123456789", path: "/home/me/secret-file.txt" } }));
    await audit.flush();

    const text = await readFile(audit.file, "utf8");
    expect(text).not.toContain("secret-file");
    expect(text).not.toContain("tok-0123456789");
    expect(text).not.toContain('"args"');
    const canonical = JSON.stringify({ path: "/home/me/secret-file.txt", token: "tok-0123456789" });
    const expected = createHash("sha256").update(canonical).digest("hex");
    expect((await lines(audit.file)).map((e) => e.argsHash)).toEqual([expected, expected]);
    expect(JSON.stringify([...seen, ...audit.recent()])).not.toContain("tok-0123456789");
  });

  it("drops unknown fields a caller passes along", async () => {
    const audit = start();
    audit.record({ ...call(), request: { params: { password: "hunter2" } } } as AuditInput);
    await audit.flush();
    expect(await readFile(audit.file, "utf8")).not.toContain("hunter2");
  });

  it("keeps events across a restart and appends after them", async () => {
    const first = start();
    for (let i = 0; i < 3; i++) first.record(call({ name: `t${i}` }));
    await first.close();

    const second = start();
    expect(second.recent().map((e) => e.name)).toEqual(["t2", "t1", "t0"]);
    second.record(call({ name: "t3" }));
    await second.flush();
    expect((await lines(second.file)).map((e) => e.name)).toEqual(["t0", "t1", "t2", "t3"]);
  });

  it("starts on a fresh line after a torn last write, skipping only the torn line", async () => {
    const file = join(dir, "audit.jsonl");
    const good = JSON.stringify({
      time: new Date().toISOString(),
      server: "alpha",
      method: "tools/call",
      outcome: "ok",
      latencyMs: 1,
    });
    await writeFile(file, `${good}\n{"time":"2025-01-0`);
    const audit = start();
    expect(audit.recent()).toHaveLength(1);
    audit.record(call({ name: "after" }));
    await audit.flush();
    const text = (await readFile(file, "utf8")).split("\n");
    expect(text[1]).toBe('{"time":"2025-01-0');
    expect(JSON.parse(text[2]!).name).toBe("after");
  });

  it("ignores events after close", async () => {
    const audit = start();
    await audit.close();
    expect(() => audit.record(call())).not.toThrow();
    expect(audit.recent()).toEqual([]);
  });
});

describe("rotation", () => {
  it("moves the file to audit.jsonl.1 before it would pass maxBytes", async () => {
    const maxBytes = 1_000;
    const audit = start({ maxBytes });
    for (let i = 0; i < 30; i++) {
      audit.record(call({ name: `tool-${i}` }));
      await audit.flush();
    }
    const current = await lines(audit.file);
    const rotated = await lines(`${audit.file}.1`);
    expect((await stat(audit.file)).size).toBeLessThanOrEqual(maxBytes);
    expect((await stat(`${audit.file}.1`)).size).toBeLessThanOrEqual(maxBytes);
    expect(current.at(-1)?.name).toBe("tool-29");
    // The two generations are contiguous: nothing lost between them.
    const names = [...rotated, ...current].map((e) => Number(e.name!.slice(5)));
    expect(names).toEqual(names.map((_, i) => names[0]! + i));

    await audit.close();
    const reloaded = start({ ringSize: 1_000 });
    expect(reloaded.recent({ limit: 1_000 })).toHaveLength(names.length);
  });
});

describe("recent and subscribe", () => {
  it("filters by server, outcome and since; newest first; limited", async () => {
    const audit = start();
    audit.record(call({ server: "a", outcome: "ok", time: "2025-01-01T00:00:00.000Z" }));
    audit.record(call({ server: "b", outcome: "error", error: "boom", time: "2025-01-02T00:00:00.000Z" }));
    audit.record(call({ server: "a", outcome: "timeout", time: "2025-01-03T00:00:00.000Z" }));
    audit.record(call({ server: "a", outcome: "ok", time: "2025-01-04T00:00:00.000Z" }));

    expect(audit.recent().map((e) => e.time.slice(8, 10))).toEqual(["04", "03", "02", "01"]);
    expect(audit.recent({ server: "a" }).map((e) => e.outcome)).toEqual(["ok", "timeout", "ok"]);
    expect(audit.recent({ outcome: "error" })).toMatchObject([{ server: "b", error: "boom" }]);
    expect(audit.recent({ since: "2025-01-03T00:00:00Z" })).toHaveLength(2);
    expect(audit.recent({ limit: 1 })).toHaveLength(1);
    expect(() => audit.recent({ since: "yesterday" })).toThrow(/ISO time/);
  });

  it("keeps only the newest ringSize events in memory", () => {
    const audit = start({ ringSize: 3 });
    for (let i = 0; i < 5; i++) audit.record(call({ name: `n${i}` }));
    expect(audit.recent({ limit: 10 }).map((e) => e.name)).toEqual(["n4", "n3", "n2"]);
  });

  it("notifies subscribers until they unsubscribe, despite a throwing listener", () => {
    const audit = start();
    const seen: string[] = [];
    audit.subscribe(() => {
      throw new Error("listener bug");
    });
    const off = audit.subscribe((e) => seen.push(e.name ?? ""));
    audit.record(call({ name: "one" }));
    off();
    audit.record(call({ name: "two" }));
    expect(seen).toEqual(["one"]);
    expect(audit.recent().map((e) => e.name)).toEqual(["two", "one"]);
  });

  it("skips unreadable lines when loading", async () => {
    const file = join(dir, "audit.jsonl");
    await appendFile(file, 'not json\n{"server":"no-time"}\n');
    await appendFile(
      file,
      `${JSON.stringify({ time: "2025-01-01T00:00:00Z", server: "x", method: "m", outcome: "ok", latencyMs: 1 })}\n`,
    );
    expect(start().recent()).toMatchObject([{ server: "x" }]);
  });
});

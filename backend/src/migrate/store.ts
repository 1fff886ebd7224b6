import { createHash } from "node:crypto";
import { mkdir, readdir, readFile, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { planSchema, runSchema, scanSchema, type Plan, type Rewrite, type Run } from "@mcp-hub/contracts";
import { z } from "zod";
import { isMissingFile, parseValidJsonFile, writeFileAtomic } from "../config/index.js";
import { SerialQueue } from "../queue/index.js";
import type { Classified } from "./classify.js";
import { MigrationNotFound } from "./errors.js";
import type { FileLedger } from "./ledger.js";
import type { ScanRecord } from "./scan.js";

export const MIGRATIONS_DIR = "migrations";
const LEDGERS_FILE = "files.json";
const PRIVATE_DIR_MODE = 0o700;
/**
 * How long a scan and its plans stay once no run uses them: long enough to review and migrate, short enough that
 * the secret values a scan holds until a run moves them do not linger on disk.
 */
export const UNUSED_SCAN_TTL_MS = 24 * 60 * 60 * 1000;
/** Ids are ours (randomUUID): anything else is refused before it becomes part of a path. */
const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** What a run changed for one server, so that a rollback undoes exactly that and a resume skips what is done. */
export interface ServerChanges {
  /** Secrets the run wrote (a secret the user set beforehand is never removed). */
  secrets: string[];
  /** The image the build produced. */
  image?: string;
  /** What the handshake listed, for the validation through the hub. */
  tools?: string[];
  /** Set before the undoing starts and cleared after: a hub stopped half-way finishes it on resume. */
  rollingBack?: boolean;
}

/** A rewrite waiting for whoever writes the file, and what it commits once written. */
export interface PendingRewrite {
  rewrite: Rewrite;
  kind: "migrate" | "rollback";
  /** The run's server keys it concerns. */
  keys: string[];
}

/** A run as kept on disk: its wire shape plus what it needs to resume and roll back. */
export interface StoredRun {
  run: Run;
  scan: string;
  changes: Record<string, ServerChanges>;
  pending: PendingRewrite[];
}

const storedScanSchema = z.object({
  scan: scanSchema,
  classified: z.array(z.tuple([z.string(), z.custom<Classified>()])),
  files: z.array(z.custom<ScanRecord["files"][number]>()),
  home: z.string().optional(),
});
const storedRunSchema = z.object({
  run: runSchema,
  scan: z.string(),
  changes: z.record(z.string(), z.custom<ServerChanges>()),
  pending: z.array(z.custom<PendingRewrite>()),
});
const ledgersSchema = z.record(z.string(), z.custom<FileLedger>());

/**
 * The migration's state under the data dir (`migrations/`): scans (with the secret values the runs have not moved
 * into the secret store yet), local scripts' directories, plans, runs and the ledger of rewritten client files.
 * Owner-only files, each written whole and atomically, one write at a time.
 */
export function createMigrationStore(options: { dataDir: string }) {
  const root = join(options.dataDir, MIGRATIONS_DIR);
  const queue = new SerialQueue();
  const path = (kind: "scans" | "plans" | "runs", id: string) => {
    if (!ID.test(id)) throw new MigrationNotFound(kind.slice(0, -1) as "scan", id);
    return join(root, kind, `${id}.json`);
  };
  const contextPath = (scan: string, key: string) => {
    if (!ID.test(scan)) throw new MigrationNotFound("scan", scan);
    return join(root, "contexts", scan, `${createHash("sha256").update(key).digest("hex")}.tar`);
  };

  /** The ids (file names without `.json`) in one of the folders, with when each was last written. */
  async function listed(kind: "scans" | "plans"): Promise<{ id: string; writtenAt: number }[]> {
    let names: string[];
    try {
      names = await readdir(join(root, kind));
    } catch (error) {
      if (isMissingFile(error)) return [];
      throw error;
    }
    const ids = names.map((name) => name.replace(/\.json$/, "")).filter((id) => ID.test(id));
    const found = await Promise.all(
      ids.map(async (id) => {
        try {
          return { id, writtenAt: (await stat(join(root, kind, `${id}.json`))).mtimeMs };
        } catch (error) {
          if (isMissingFile(error)) return undefined;
          throw error;
        }
      }),
    );
    return found.filter((entry) => entry !== undefined);
  }

  /** Every run kept, oldest first. */
  async function readRuns(): Promise<StoredRun[]> {
    let names: string[];
    try {
      names = await readdir(join(root, "runs"));
    } catch (error) {
      if (isMissingFile(error)) return [];
      throw error;
    }
    const runs = await Promise.all(
      names
        .filter((name) => ID.test(name.replace(/\.json$/, "")))
        .map((name) => readJson(join(root, "runs", name), storedRunSchema)),
    );
    return runs
      .filter((run) => run !== undefined)
      .sort((a, b) => a.run.startedAt.localeCompare(b.run.startedAt));
  }

  async function write(file: string, data: string | Uint8Array): Promise<void> {
    await queue.run(async () => {
      await mkdir(join(file, ".."), { recursive: true, mode: PRIVATE_DIR_MODE });
      await writeFileAtomic(file, data);
    });
  }
  const writeJson = (file: string, value: unknown) => write(file, `${JSON.stringify(value)}\n`);

  /** The file parsed and checked; undefined when there is none. */
  async function readJson<S extends z.ZodType>(file: string, schema: S): Promise<z.infer<S> | undefined> {
    let text: string;
    try {
      text = await readFile(file, "utf8");
    } catch (error) {
      if (isMissingFile(error)) return undefined;
      throw error;
    }
    return parseValidJsonFile(file, text, schema);
  }
  const found = <T>(value: T | undefined, kind: "scan" | "plan", id: string): T => {
    if (value === undefined) throw new MigrationNotFound(kind, id);
    return value;
  };

  return {
    root,

    saveScan: (record: ScanRecord) =>
      writeJson(path("scans", record.scan.id), {
        scan: record.scan,
        classified: [...record.classified],
        files: record.files,
        home: record.home,
      }),
    async scan(id: string): Promise<ScanRecord> {
      const stored = found(await readJson(path("scans", id), storedScanSchema), "scan", id);
      return { ...stored, classified: new Map(stored.classified) };
    },

    saveContext: (scan: string, key: string, data: Buffer) => write(contextPath(scan, key), data),
    async context(scan: string, key: string): Promise<Buffer | undefined> {
      try {
        return await readFile(contextPath(scan, key));
      } catch (error) {
        if (isMissingFile(error)) return undefined;
        throw error;
      }
    },
    removeContext: (scan: string, key: string) => rm(contextPath(scan, key), { force: true }),

    savePlan: (plan: Plan) => writeJson(path("plans", plan.id), plan),
    plan: async (id: string): Promise<Plan> =>
      found(await readJson(path("plans", id), planSchema), "plan", id),

    saveRun: (stored: StoredRun) => writeJson(path("runs", stored.run.id), stored),
    runs: readRuns,
    /**
     * Removes the scans (with their scripts' folders) and plans no kept run refers to and that were last written
     * before `before` (epoch ms); answers how many scans went.
     */
    async pruneUnused(before: number): Promise<number> {
      const runs = await readRuns();
      const usedScans = new Set(runs.map((stored) => stored.scan));
      const usedPlans = new Set(runs.map((stored) => stored.run.plan));
      const stale = (entry: { writtenAt: number }) => entry.writtenAt < before;
      const scans = (await listed("scans")).filter((scan) => stale(scan) && !usedScans.has(scan.id));
      const plans = (await listed("plans")).filter((plan) => stale(plan) && !usedPlans.has(plan.id));
      await queue.run(async () => {
        for (const { id } of scans) {
          await rm(join(root, "contexts", id), { recursive: true, force: true });
          await rm(path("scans", id), { force: true });
        }
        for (const { id } of plans) await rm(path("plans", id), { force: true });
      });
      return scans.length;
    },

    ledgers: async (): Promise<Record<string, FileLedger>> =>
      (await readJson(join(root, LEDGERS_FILE), ledgersSchema)) ?? {},
    saveLedgers: (ledgers: Record<string, FileLedger>) => writeJson(join(root, LEDGERS_FILE), ledgers),
  };
}

export type MigrationStore = ReturnType<typeof createMigrationStore>;

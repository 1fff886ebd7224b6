import { createHash } from "node:crypto";
import { mkdir, readdir, readFile, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { planSchema, runSchema, scanSchema, type Plan, type Rewrite, type Run } from "@mcp-hub/contracts";
import { z } from "zod";
import { pathExists } from "../clients/index.js";
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

  /** The ids in one of the folders (file names without `.json`); none when the folder is not there yet. */
  async function idsIn(kind: "scans" | "plans" | "runs"): Promise<string[]> {
    let names: string[];
    try {
      names = await readdir(join(root, kind));
    } catch (error) {
      if (isMissingFile(error)) return [];
      throw error;
    }
    return names.map((name) => name.replace(/\.json$/, "")).filter((id) => ID.test(id));
  }

  /** The ids in one of the folders last written before `before` (epoch ms). */
  async function writtenBefore(kind: "scans" | "plans", before: number): Promise<string[]> {
    const found = await Promise.all(
      (await idsIn(kind)).map(async (id) => {
        try {
          return (await stat(path(kind, id))).mtimeMs < before ? id : undefined;
        } catch (error) {
          if (isMissingFile(error)) return undefined;
          throw error;
        }
      }),
    );
    return found.filter((id) => id !== undefined);
  }

  /** Every run kept, oldest first. */
  async function readRuns(): Promise<StoredRun[]> {
    const runs = await Promise.all(
      (await idsIn("runs")).map((id) => readJson(path("runs", id), storedRunSchema)),
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
    hasContext: (scan: string, key: string) => pathExists(contextPath(scan, key)),
    removeContext: (scan: string, key: string) => rm(contextPath(scan, key), { force: true }),

    savePlan: (plan: Plan) => writeJson(path("plans", plan.id), plan),
    plan: async (id: string): Promise<Plan> =>
      found(await readJson(path("plans", id), planSchema), "plan", id),

    saveRun: (stored: StoredRun) => writeJson(path("runs", stored.run.id), stored),
    runs: readRuns,
    /**
     * Removes the scans (with their scripts' folders) and plans that no run uses (`used`: the runs' own) and that were
     * last written before `before` (epoch ms); answers how many scans went.
     */
    async pruneUnused(before: number, used: { scans: Set<string>; plans: Set<string> }): Promise<number> {
      const scans = (await writtenBefore("scans", before)).filter((id) => !used.scans.has(id));
      const plans = (await writtenBefore("plans", before)).filter((id) => !used.plans.has(id));
      await queue.run(async () => {
        for (const id of scans) {
          await rm(join(root, "contexts", id), { recursive: true, force: true });
          await rm(path("scans", id), { force: true });
        }
        for (const id of plans) await rm(path("plans", id), { force: true });
      });
      return scans.length;
    },

    ledgers: async (): Promise<Record<string, FileLedger>> =>
      (await readJson(join(root, LEDGERS_FILE), ledgersSchema)) ?? {},
    saveLedgers: (ledgers: Record<string, FileLedger>) => writeJson(join(root, LEDGERS_FILE), ledgers),
  };
}

export type MigrationStore = ReturnType<typeof createMigrationStore>;

import type {
  ContextStored,
  LocalScanRequest,
  Plan,
  PlanRequest,
  Report,
  RewriteOutcome,
  Rewrite,
  Run,
  RunEvent,
  RunRequest,
  Scan,
  ScanRequest,
  ScriptFolder,
} from "@mcp-hub/contracts";
import {
  DEFAULT_HUB_ENTRY,
  mountedEnvContext,
  type HostMountFromEnv,
  type HubEntryOptions,
} from "../clients/index.js";
import { BadRequest, errorMessage } from "../errors/index.js";
import { SerialQueue } from "../queue/index.js";
import { clientFiles } from "./clientFiles.js";
import type { RunnerDeps } from "./context.js";
import { MigrationConflict, MigrationNotFound } from "./errors.js";
import { planMigration, type PlanDeps } from "./plan.js";
import { readClientFiles } from "./localFiles.js";
import { pendingFor } from "./rewrites.js";
import { Runner } from "./runner.js";
import { scanFiles, type ScanRecord } from "./scan.js";
import { packScriptFolders } from "./scriptFolders.js";
import { createMigrationStore, UNUSED_SCAN_TTL_MS, type StoredRun } from "./store.js";

export interface MigrationsOptions extends Omit<RunnerDeps, "store" | "hubEntry" | "writeFile"> {
  dataDir: string;
  /** npm view, PyPI and the remote probe (probes.ts); tests give their own. */
  probes: Pick<PlanDeps, "resolveNpm" | "resolvePython" | "probeRemote">;
  /** The tag the local registry gives a repository (Registry.imageName, with the port in use). */
  imageName(repository: string, tag: string): string;
  /** The user's home in the hub's container (hostMountFromEnv): the hub then writes client files itself. */
  host: HostMountFromEnv;
  hubEntry?: Partial<HubEntryOptions>;
}

/**
 * The migration as the REST API sees it: scans, the scripts' folders, plans, runs with their events, rewrites,
 * resume, rollback and the report. One run works at a time; every change is on disk before it is answered.
 */
export function createMigrations(options: MigrationsOptions) {
  const store = createMigrationStore({ dataDir: options.dataDir });
  const deps: RunnerDeps = {
    ...options,
    store,
    ...clientFiles({ host: options.host, hub: options.hubEntry }),
  };
  const runner = new Runner(deps);
  const runs = new Map<string, StoredRun>();
  const executing = new Set<string>();
  // Starting, resuming, reports from the host side and rollbacks, one at a time: each reads and writes the ledger.
  const queue = new SerialQueue();
  const log = options.log.child({ mod: "migrate" });
  const hubEntryName = options.hubEntry?.entryName ?? DEFAULT_HUB_ENTRY.entryName;

  const stored = (id: string): StoredRun => {
    const found = runs.get(id);
    if (!found) throw new MigrationNotFound("run", id);
    return found;
  };
  const refuseWhileBusy = (except?: string) => {
    for (const other of runs.values()) {
      if (other.run.id === except) continue;
      if (other.run.state === "running")
        throw new MigrationConflict(`run ${other.run.id} is running: wait for it to finish`);
      if (other.run.state === "waiting-for-rewrite")
        throw new MigrationConflict(
          `run ${other.run.id} waits for its client files to be rewritten: the host helper writes them (or report them with POST /api/migrate/runs/${other.run.id}/rewrites)`,
        );
    }
  };

  const pruneUnused = async () => {
    const kept = [...runs.values()];
    const removed = await store.pruneUnused(Date.now() - UNUSED_SCAN_TTL_MS, {
      scans: new Set(kept.map((stored) => stored.scan)),
      plans: new Set(kept.map((stored) => stored.run.plan)),
    });
    if (removed) log.info({ removed }, "removed scans no migration used for a day");
  };

  /** Runs in the background; an unexpected failure leaves the run interrupted, to be resumed. */
  const execute = (target: StoredRun) => {
    executing.add(target.run.id);
    // Done within its turn: a rollback queued once the run reads "done" must not find it executing still.
    void queue.run(async () => {
      try {
        // A turn first: whoever started the run subscribes to its events before the first one.
        await new Promise((resolve) => setImmediate(resolve));
        await runner.execute(target);
      } catch (error) {
        log.error({ run: target.run.id, err: error }, "migration run stopped");
        target.run.state = "interrupted";
        await store.saveRun(target).catch(() => undefined);
      } finally {
        executing.delete(target.run.id);
      }
    });
  };

  return {
    /**
     * Reads the runs kept on disk; those a stopped hub left running are interrupted until resumed. Scans no run
     * used are removed after a day (they hold the secret values of servers that were never migrated).
     */
    async load(): Promise<void> {
      for (const found of await store.runs()) {
        if (found.run.state === "running") {
          found.run.state = "interrupted";
          await store.saveRun(found);
          log.warn({ run: found.run.id }, "migration run interrupted by a stop; resume it to go on");
        }
        runs.set(found.run.id, found);
      }
      await pruneUnused();
    },

    close: () => runner.close(),

    async scan(request: ScanRequest): Promise<Scan> {
      const record = scanFiles({ ...request, platform: request.platform ?? "linux" }, hubEntryName);
      await store.saveScan(record);
      await pruneUnused();
      return record.scan;
    },

    /** Scans the client files of the user's home mounted in the hub's container; without one, says why not. */
    async scanLocal(
      request: LocalScanRequest,
    ): Promise<{ status: "scanned"; scan: Scan } | { status: "no-home"; reason: string }> {
      if (!options.host.ok) return { status: "no-home", reason: options.host.reason };
      const { mount } = options.host;
      const local = await readClientFiles(mount, request.clients);
      const record = scanFiles(local.request, hubEntryName);
      record.scan.files.push(...local.unreadable);
      await store.saveScan(record);
      // The scripts' folders are in the mount too: packed here, as the host helper packs them on the user's machine.
      const env = mountedEnvContext(mount);
      record.scan.folders = await packScriptFolders(record.scan, env, {}, async (key, tar) => {
        await store.saveContext(record.scan.id, key, tar);
        return tar.length;
      });
      await store.saveScan(record);
      await pruneUnused();
      return { status: "scanned", scan: record.scan };
    },

    scanOf: async (id: string): Promise<Scan> => (await store.scan(id)).scan,

    async putContext(scanId: string, key: string, data: Buffer): Promise<ContextStored> {
      scriptEntry(await store.scan(scanId), key);
      await store.saveContext(scanId, key, data);
      return { key, bytes: data.length };
    },

    /**
     * What became of each local script's folder, from the host side that packed them: kept with the scan, so that the
     * review (after a reload too) and a run that cannot build the script say why. A folder said sent must be here.
     */
    async putFolders(scanId: string, folders: ScriptFolder[]): Promise<Scan> {
      const record = await store.scan(scanId);
      for (const folder of folders) {
        scriptEntry(record, folder.key);
        if (folder.status === "sent" && !(await store.hasContext(scanId, folder.key)))
          throw new BadRequest(
            `the folder of ${folder.key} is said sent but has not arrived: send it first (PUT /api/migrate/scans/${scanId}/contexts/<key>)`,
          );
      }
      record.scan.folders = folders;
      await store.saveScan(record);
      return record.scan;
    },

    async plan(request: PlanRequest): Promise<Plan> {
      const record = await store.scan(request.scan);
      const plan = await planMigration(record, request.choices ?? {}, {
        ...options.probes,
        imageName: options.imageName,
        takenNames: () => new Set(options.control.servers().map((s) => s.name)),
      });
      await store.savePlan(plan);
      return plan;
    },

    planOf: (id: string): Promise<Plan> => store.plan(id),

    start: (request: RunRequest): Promise<Run> =>
      queue.run(async () => {
        refuseWhileBusy();
        const plan = await store.plan(request.plan);
        const created = await runner.create(plan, plan.scan, request.only);
        runs.set(created.run.id, created);
        execute(created);
        return created.run;
      }),

    runs: (): Run[] => [...runs.values()].map((s) => s.run).reverse(),
    run: (id: string): Run => stored(id).run,
    subscribe: (id: string, listener: (event: RunEvent) => void) => {
      stored(id);
      return runner.subscribe(id, listener);
    },

    rewrites: (id: string): Rewrite[] => stored(id).pending.map((p) => p.rewrite),

    /** What the host side did with the rewrites it fetched. */
    outcomes: (id: string, report: RewriteOutcome): Promise<Run> =>
      queue.run(async () => {
        const target = stored(id);
        for (const outcome of report.outcomes) {
          const pending = pendingFor(target, outcome.file);
          await runner.outcome(
            target,
            pending,
            outcome.status === "written"
              ? { status: "written", backup: outcome.backup }
              : {
                  status: outcome.status,
                  error: outcome.error ?? `the host side did not write ${outcome.file}`,
                },
          );
        }
        return target.run;
      }),

    async resume(id: string): Promise<Run> {
      const target = stored(id);
      if (target.run.state !== "interrupted")
        throw new MigrationConflict(`run ${id} is ${target.run.state}: only an interrupted run resumes`);
      await queue.run(async () => {
        refuseWhileBusy(id);
        if (executing.has(id)) throw new MigrationConflict(`run ${id} is running already`);
        execute(target);
      });
      return target.run;
    },

    rollback: (id: string, server: string): Promise<Run> =>
      queue.run(async () => {
        const target = stored(id);
        refuseWhileBusy(id);
        if (executing.has(id)) throw new MigrationConflict(`run ${id} is running: wait for it to finish`);
        await runner.rollback(target, server);
        return target.run;
      }),

    async report(id: string): Promise<Report> {
      const { run } = stored(id);
      let entries: Plan["skipped"] = [];
      try {
        entries = (await store.plan(run.plan)).skipped;
      } catch (error) {
        log.warn(
          { run: id, err: errorMessage(error) },
          "the run's plan is gone; the report lists its servers only",
        );
      }
      const count = (state: string) => run.servers.filter((s) => s.state === state).length;
      return {
        run: run.id,
        state: run.state,
        migrated: count("migrated"),
        failed: count("failed"),
        skipped: count("skipped") + entries.length,
        servers: run.servers,
        entries,
        files: run.files,
      };
    },
  };
}

export type Migrations = ReturnType<typeof createMigrations>;

/** The local script entry `key` of a scan: only such an entry has a folder to send. */
function scriptEntry(record: ScanRecord, key: string): void {
  const classified = record.classified.get(key);
  if (!classified) throw new BadRequest(`scan ${record.scan.id} has no entry ${key}`);
  if (classified.candidate.kind !== "script")
    throw new BadRequest(
      `${key} is a ${classified.candidate.kind} entry: only a local script's folder is sent`,
    );
}

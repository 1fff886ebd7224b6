import { EventEmitter } from "node:events";
import { randomUUID } from "node:crypto";
import type { MigrationStep, Plan, RiskLevel, RunEvent, ServerRun } from "@mcp-hub/contracts";
import { BadRequest, errorMessage } from "../errors/index.js";
import type { RunContext, RunnerDeps, ServerContext } from "./context.js";
import { MigrationConflict } from "./errors.js";
import { explainFailure, scrub, type Failure } from "./failures.js";
import { knowsText, ledgerKey, openLedger } from "./ledger.js";
import { undoServer } from "./rollback.js";
import {
  commitRewrite,
  proposeMigration,
  proposeRollback,
  writeLocally,
  type RewriteOutcome,
} from "./rewrites.js";
import { variablesIn } from "./placeholders.js";
import { serversPathOf } from "./scan.js";
import { runStep, stepsFor } from "./steps.js";
import type { PendingRewrite, StoredRun } from "./store.js";

/** Batches: the servers that can do least harm go first, so a risky one's trouble cannot hold them back. */
const RISK_ORDER: readonly RiskLevel[] = ["low", "medium", "high"];

/**
 * Runs migrations: each server through its steps (secrets, build and push, handshake, deploy, validate), batch by
 * batch, one server at a time (builds are heavy and the engine is shared); then one rewrite per client file. A
 * failing server is undone on its own and the others go on. Every change is saved before it is announced, so a hub
 * stopped at any point resumes from the last step done.
 */
export class Runner {
  private readonly events = new EventEmitter();
  private readonly abort = new AbortController();

  constructor(private readonly deps: RunnerDeps) {
    this.events.setMaxListeners(0);
  }

  subscribe(run: string, listener: (event: RunEvent) => void): () => void {
    this.events.on(run, listener);
    return () => this.events.off(run, listener);
  }

  /** Stops work in progress; the runs stay "running" on disk and read as interrupted on the next start. */
  close(): void {
    this.abort.abort();
  }

  /** A new run of the plan's servers (those named in `only`, if given); not started yet. */
  async create(plan: Plan, scanId: string, only: string[] | undefined): Promise<StoredRun> {
    const unknown = (only ?? []).filter((name) => !plan.servers.some((s) => s.name === name));
    if (unknown.length)
      throw new BadRequest(
        `the plan has no server ${unknown.join(", ")}; it has ${plan.servers.map((s) => s.name).join(", ") || "none"}`,
      );
    const servers: ServerRun[] = plan.servers.map((s) => ({
      key: s.key,
      name: s.name,
      risk: s.risk,
      ...(only && !only.includes(s.name)
        ? { state: "skipped" as const, error: "left out of this run", done: [] }
        : { state: "pending" as const, done: [] }),
    }));
    const stored: StoredRun = {
      run: { id: randomUUID(), plan: plan.id, state: "running", startedAt: now(), servers, files: [] },
      scan: scanId,
      changes: {},
      pending: [],
    };
    await this.deps.store.saveRun(stored);
    return stored;
  }

  /** Runs (or resumes) every server not done yet, then proposes and writes the rewrites. */
  async execute(stored: StoredRun): Promise<void> {
    const ctx = await this.context(stored);
    const { run } = stored;
    run.state = "running";
    delete run.finishedAt;
    await this.announce(ctx);
    const plan = await this.deps.store.plan(run.plan);
    await this.openLedgers(ctx, plan);
    for (const risk of RISK_ORDER)
      for (const server of run.servers.filter((s) => s.risk === risk)) {
        if (this.abort.signal.aborted) return;
        const planned = plan.servers.find((p) => p.key === server.key)!;
        const sctx = await this.serverContext(ctx, planned.key, plan);
        if (stored.changes[server.key]?.rollingBack) await this.undo(sctx, server);
        if (server.state === "pending" || server.state === "running") await this.migrate(sctx, server);
      }
    if (this.abort.signal.aborted) return;
    await this.rewrite(ctx, plan);
  }

  /** Applies what the host side did with a pending rewrite. */
  async outcome(stored: StoredRun, pending: PendingRewrite, outcome: RewriteOutcome): Promise<void> {
    const ctx = await this.context(stored);
    await this.settle(ctx, pending, outcome, await this.deps.store.plan(stored.run.plan));
    await this.announce(ctx);
  }

  /** Undoes one migrated server completely: its client entry back first, then the hub's side. */
  async rollback(stored: StoredRun, name: string): Promise<void> {
    const server = stored.run.servers.find((s) => s.name === name);
    if (!server) throw new MigrationConflict(`run ${stored.run.id} has no server ${name}`);
    if (server.state !== "migrated")
      throw new MigrationConflict(
        `${name} is ${server.state} in run ${stored.run.id}: only a migrated server rolls back`,
      );
    const ctx = await this.context(stored);
    const pending = await proposeRollback(ctx, server.key);
    await this.write(ctx, pending, await this.deps.store.plan(stored.run.plan));
    await this.announce(ctx);
  }

  private async context(stored: StoredRun): Promise<RunContext> {
    const scan = await this.deps.store.scan(stored.scan);
    const ctx: RunContext = {
      deps: this.deps,
      stored,
      scan,
      signal: this.abort.signal,
      save: () => this.deps.store.saveRun(stored),
      emit: (event) => this.events.emit(stored.run.id, event),
    };
    return ctx;
  }

  /** A server's context; the values it must never show are its entry's, or once moved, its secrets'. */
  private async serverContext(ctx: RunContext, key: string, plan: Plan): Promise<ServerContext> {
    const planned = plan.servers.find((p) => p.key === key)!;
    const classified = ctx.scan.classified.get(key)!;
    // `${env:X}` stands for a value on the user's machine, not one: it may be shown.
    const known = [...Object.values(classified.env), ...Object.values(classified.headers)].filter(
      (value) => !variablesIn(value).env.length,
    );
    const moved = ctx.stored.changes[key]?.secrets ?? [];
    const present = new Set(await this.deps.secrets.names());
    known.push(...Object.values(await this.deps.secrets.get(moved.filter((name) => present.has(name)))));
    return {
      ...ctx,
      planned,
      classified,
      known,
      log: (step, line) => ctx.emit({ event: "log", data: { key, step, line: scrub(line, known) } }),
    };
  }

  /** Each file the run rewrites gets its ledger; a file the hub rewrote after this scan fails its servers now. */
  private async openLedgers(ctx: RunContext, plan: Plan): Promise<void> {
    const ledgers = await this.deps.store.ledgers();
    for (const server of ctx.stored.run.servers.filter((s) => s.state === "pending")) {
      const { origin, file } = ctx.scan.classified.get(server.key)!.candidate;
      const scanned = ctx.scan.files.find((f) => f.origin === origin && f.file === file)!;
      const key = ledgerKey(origin, file);
      const known = ledgers[key];
      // The hub rewrote the file after this scan, from a text the scan never saw: the scan is out of date.
      const scannedAt = ctx.scan.scan.createdAt;
      if (known && !knowsText(known, scanned.sha256, scannedAt) && (known.writtenAt ?? "") > scannedAt) {
        const sctx = await this.serverContext(ctx, server.key, plan);
        await this.failWith(sctx, "secrets", {
          reason: `${file} was rewritten by the hub after this scan read it`,
          fix: "scan the client files again and plan from the new scan",
        });
        continue;
      }
      ledgers[key] = openLedger(known, { ...scanned, scannedAt }, serversPathOf(origin, scanned.text));
    }
    await this.deps.store.saveLedgers(ledgers);
  }

  private async migrate(ctx: ServerContext, server: ServerRun): Promise<void> {
    const steps = stepsFor(ctx.planned).filter((step) => step !== "rewrite");
    server.state = "running";
    for (const step of steps) {
      if (server.done.includes(step)) continue;
      server.step = step;
      await this.changed(ctx, server);
      try {
        await runStep(step, ctx);
      } catch (error) {
        if (ctx.signal.aborted) return;
        return this.fail(ctx, step, error);
      }
      // Stopped meanwhile: a restarted hub owns the run now, and repeats this step on resume.
      if (ctx.signal.aborted) return;
      server.done.push(...(step === "build" ? (["build", "push"] as const) : [step]));
      await this.changed(ctx, server);
    }
    server.step = "rewrite";
    await this.changed(ctx, server);
  }

  private async fail(ctx: ServerContext, step: MigrationStep, error: unknown): Promise<void> {
    await this.failWith(ctx, step, explainFailure(step, ctx.planned, error));
  }

  /** Reports the server failed at the step, and undoes its part. */
  private async failWith(ctx: ServerContext, step: MigrationStep, failure: Failure): Promise<void> {
    const server = ctx.stored.run.servers.find((s) => s.key === ctx.planned.key)!;
    server.state = "failed";
    server.step = step;
    server.error = scrub(failure.reason, ctx.known);
    server.fix = failure.fix;
    this.deps.log.warn(
      { mod: "migrate", server: server.name, step },
      "migration of a server failed; undoing it",
    );
    await this.undo(ctx, server);
  }

  /** Takes the server's part out of the hub (a rollback cut short by a stop is finished the same way). */
  private async undo(ctx: ServerContext, server: ServerRun): Promise<void> {
    let left: string[];
    try {
      left = await undoServer(ctx);
    } catch (error) {
      left = [`undoing it failed: ${errorMessage(error)}`];
    }
    if (left.length) {
      const note = `not undone: ${scrub(left.join("; "), ctx.known)}`;
      server.error = server.error ? `${server.error}; ${note}` : note;
    }
    await this.changed(ctx, server);
  }

  /** One rewrite per file for the servers that passed every check, written here when the hub can. */
  private async rewrite(ctx: RunContext, plan: Plan): Promise<void> {
    const waiting = new Set(ctx.stored.pending.flatMap((p) => p.keys));
    const ready = ctx.stored.run.servers.filter(
      (s) => s.state === "running" && s.step === "rewrite" && !waiting.has(s.key),
    );
    const byFile = new Map<string, string[]>();
    for (const server of ready) {
      const { origin, file } = ctx.scan.classified.get(server.key)!.candidate;
      const key = ledgerKey(origin, file);
      byFile.set(key, [...(byFile.get(key) ?? []), server.key]);
    }
    for (const keys of byFile.values()) {
      let pending: PendingRewrite;
      try {
        pending = await proposeMigration(ctx, keys);
      } catch (error) {
        for (const key of keys)
          await this.failWith(await this.serverContext(ctx, key, plan), "rewrite", {
            reason: `the new text of its client file could not be made: ${errorMessage(error)}`,
            fix: "scan the client files again and migrate from the new scan",
          });
        continue;
      }
      await this.write(ctx, pending, plan);
    }
    // Rewrites left pending by a stopped hub: written now, if the hub can.
    for (const pending of [...ctx.stored.pending]) await this.write(ctx, pending, plan);
    await this.announce(ctx);
  }

  private async write(ctx: RunContext, pending: PendingRewrite, plan: Plan): Promise<void> {
    const written = await writeLocally(ctx, pending);
    if (written) await this.settle(ctx, pending, written, plan);
  }

  /** A rewrite's outcome for its servers: migrated, or rolled back (a file that changed keeps its old entries). */
  private async settle(ctx: RunContext, pending: PendingRewrite, outcome: RewriteOutcome, plan: Plan) {
    const written = await commitRewrite(ctx, pending, outcome);
    for (const key of pending.keys) {
      const sctx = await this.serverContext(ctx, key, plan);
      const server = ctx.stored.run.servers.find((s) => s.key === key)!;
      if (pending.kind === "migrate" && written) {
        server.state = "migrated";
        server.done.push("rewrite");
        delete server.step;
        await this.deps.store.removeContext(ctx.stored.scan, key);
        await this.changed(sctx, server);
      } else if (pending.kind === "migrate")
        await this.failWith(sctx, "rewrite", {
          reason: `${pending.rewrite.file} was not rewritten: ${outcome.status === "written" ? "" : outcome.error}`,
          fix: "scan the client files again and migrate from the new scan",
        });
      else if (written) {
        await this.undo(sctx, server);
        server.state = "rolled-back";
        delete server.step;
        await this.changed(sctx, server);
      }
    }
  }

  /** Saves and announces a server's change. */
  private async changed(ctx: RunContext, server: ServerRun): Promise<void> {
    await ctx.save();
    ctx.emit({ event: "server", data: server });
  }

  /** The run's state from its servers and rewrites; saved and announced. */
  private async announce(ctx: RunContext): Promise<void> {
    const { run, pending } = ctx.stored;
    const busy = run.servers.some(
      (s) => s.state === "pending" || (s.state === "running" && s.step !== "rewrite"),
    );
    if (!busy && run.state !== "interrupted") {
      run.state = pending.length ? "waiting-for-rewrite" : "done";
      if (run.state === "done") run.finishedAt ??= now();
    }
    await ctx.save();
    ctx.emit({ event: "run", data: run });
  }
}

const now = () => new Date().toISOString();

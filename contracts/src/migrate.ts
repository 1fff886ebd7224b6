import { z } from "zod";
import { clientIdSchema } from "./clients.js";
import { count, flag, integer, optionalFlag, optionalText, text, textList } from "./leaves.js";
import { serverNameSchema } from "./names.js";
import { riskLevelSchema } from "./serverConfig.js";
import { scriptFolderSchema } from "./scriptFolders.js";

/*
 * Migration: from the servers a user's clients launch themselves to images in the local registry, run behind the
 * hub. Scan (read client files) → plan (what each entry becomes) → run (build, tag, push, check, deploy, validate,
 * rewrite the client files), each server on its own, with a way back. Secret values never appear in these shapes:
 * they travel once, in the scan request, and stay in the hub's secret store.
 */

/** Where a scanned file came from: a client the hub knows, or a file the user uploaded. */
export const scanOriginSchema = z.union([clientIdSchema, z.literal("upload")]);
export type ScanOrigin = z.infer<typeof scanOriginSchema>;

/** The most text a scan takes of one client file, in UTF-16 code units (a UTF-8 file of this many bytes fits). */
export const SCAN_FILE_MAX_CHARS = 1024 * 1024;

/** POST /api/migrate/scans: the client config files as read on the user's machine (host helper, upload, or CLI). */
export const scanRequestSchema = z
  .object({
    files: z
      .array(
        z.object({
          origin: scanOriginSchema,
          /** The file's path as the client sees it (shown, and where the rewrite goes). */
          file: text.max(4096),
          /** Its whole text, as read (JSON or JSONC). Env values in it become secrets; they are never shown. */
          text: text.max(SCAN_FILE_MAX_CHARS),
        }),
      )
      .min(1)
      .max(32),
    /** The platform the files come from (paths in them are its paths). */
    platform: z.enum(["darwin", "win32", "linux"]).default("linux"),
    /** The user's home there, for `~` and `${userHome}` in path arguments. */
    home: optionalText,
  })
  .strict();
export type ScanRequest = z.input<typeof scanRequestSchema>;

/**
 * POST /api/migrate/scans/local: the hub reads the clients' files itself, from the user's home mounted in its
 * container (HUB_HOST_HOME, as `make run` can set up); 501 when it has none. All the clients found, or those named.
 */
export const localScanRequestSchema = z
  .object({ clients: z.array(clientIdSchema).min(1).optional() })
  .strict();
export type LocalScanRequest = z.input<typeof localScanRequestSchema>;

/** What an entry is, and so how it can be packaged. */
export const entryKindSchema = z.enum(["npm", "python", "script", "image", "remote", "unmigratable"]);
export type EntryKind = z.infer<typeof entryKindSchema>;

/** A path argument: bound into the container at the same path, read-only unless the user allows writing. */
export const pathArgumentSchema = z.object({
  /** As written in the entry (a `${workspaceFolder}`-style placeholder stays as written until the user picks). */
  path: text,
  /** Needs a path the user picks (`${workspaceFolder}` and friends). */
  needsChoice: flag,
  writable: flag,
  /** Where a `docker run -v` entry already put it inside its container (other paths keep their own). */
  target: optionalText,
});
export type PathArgument = z.infer<typeof pathArgumentSchema>;

/** One server entry found in a file, classified. */
export const candidateSchema = z.lazy(() =>
  z.object({
    /** `origin:entryName`, unique within the scan: what plans and choices refer to. */
    key: text,
    origin: scanOriginSchema,
    file: text,
    entryName: text,
    kind: entryKindSchema,
    /** npm or python package (with the version the entry pins, if any), image, script file or URL. */
    source: optionalText,
    /** Why it cannot migrate, and what would let it (kind "unmigratable"). */
    reason: optionalText,
    /** The launcher as written, for people (`npx -y`, `uvx`, `docker run`, …): never the env values. */
    launcher: optionalText,
    args: textList,
    /** Names of its environment variables; their values are held by the hub as secrets, never shown. */
    envNames: textList,
    paths: z.array(pathArgumentSchema),
    /** It is already the hub's own entry (nothing to migrate). */
    isHub: flag,
  }),
);
export type Candidate = z.infer<typeof candidateSchema>;

/** A scanned file: its candidates, or why it could not be read (never rewritten then). */
export const scannedFileSchema = z.lazy(() =>
  z.discriminatedUnion("status", [
    z.object({
      status: z.literal("ok"),
      origin: scanOriginSchema,
      file: text,
      candidates: z.array(candidateSchema),
    }),
    z.object({
      status: z.literal("invalid"),
      origin: scanOriginSchema,
      file: text,
      error: z.object({ message: text, line: integer, column: integer }),
    }),
  ]),
);
export type ScannedFile = z.infer<typeof scannedFileSchema>;

/**
 * The answer of a scan, however the files came: POST /api/migrate/scans, POST /api/migrate/scans/local, and what the
 * host helper's `migrate scan --json` prints (it reads the files on the user's machine and sends them to the hub).
 */
export const scanSchema = z.lazy(() =>
  z.object({
    id: text,
    createdAt: text,
    platform: text,
    files: z.array(scannedFileSchema),
    /**
     * What became of the local scripts' folders: packed by the hub from its own mount of the home, or sent by the host
     * side (PUT …/folders). Absent until then.
     */
    folders: z.array(scriptFolderSchema).optional(),
  }),
);
export type Scan = z.infer<typeof scanSchema>;

/** What the user decides per candidate before planning; everything has a default. */
export const choiceSchema = z
  .object({
    include: flag.default(true),
    /** The server's name behind the hub (default: the entry's name, renamed when taken). */
    name: z.optional(serverNameSchema),
    risk: riskLevelSchema.optional(),
    /** Path arguments (as written) the server may write to; the others are bound read-only. */
    writable: textList.default([]),
    /** What `${workspaceFolder}` (and the like) stand for on this machine. */
    workspaceFolder: optionalText,
    /** Whether it may reach the internet (default: proposed from what it is). */
    egress: optionalFlag,
  })
  .strict();
export type Choice = z.input<typeof choiceSchema>;

/** POST /api/migrate/plans */
export const planRequestSchema = z
  .object({ scan: text, choices: z.record(text, choiceSchema).default({}) })
  .strict();
export type PlanRequest = z.input<typeof planRequestSchema>;

/** A bind mount of a planned server. */
export const planMountSchema = z.object({ source: text, target: text, writable: flag });

/** One server the plan migrates: what it becomes, and why. */
export const plannedServerSchema = z.lazy(() =>
  z.object({
    key: text,
    name: serverNameSchema,
    /** Said when the entry's own name was taken or reserved. */
    renamedFrom: optionalText,
    kind: z.enum(["npm", "python", "script", "image", "remote"]),
    /** package@exact-version, image, script file or URL. */
    source: text,
    /** The exact version resolved at plan time (npm view), for packages. */
    version: optionalText,
    /** The tag it will have in the local registry (none for remote servers). */
    image: optionalText,
    args: textList,
    /** Environment names and the secrets that will hold their values (`ENV` → secret name). */
    secretEnv: z.record(text, text),
    mounts: z.array(planMountSchema),
    egress: flag,
    risk: riskLevelSchema,
    /** Why this risk level was proposed. */
    riskReason: text,
    /** Warnings the user should read (Docker Desktop shares only its shared folders, …). */
    notes: textList,
    /** A remote server that wants an OAuth sign-in: added to the hub waiting for the user to authorize it. */
    oauth: flag.optional(),
  }),
);
export type PlannedServer = z.infer<typeof plannedServerSchema>;

/** An entry a plan leaves in its client, and why. */
export const skippedEntrySchema = z.object({ key: text, entryName: text, file: text, reason: text });
export type SkippedEntry = z.infer<typeof skippedEntrySchema>;

export const planSchema = z.lazy(() =>
  z.object({
    id: text,
    scan: text,
    createdAt: text,
    servers: z.array(plannedServerSchema),
    /** Entries that will not migrate: the hub's own, excluded by the user, or unmigratable (with the reason). */
    skipped: z.array(skippedEntrySchema),
  }),
);
export type Plan = z.infer<typeof planSchema>;

/** The steps a server goes through, in order. */
export const MIGRATION_STEPS = [
  "secrets",
  "build",
  "push",
  "handshake",
  "deploy",
  "validate",
  "rewrite",
] as const;
export const migrationStepSchema = z.enum(MIGRATION_STEPS);
export type MigrationStep = z.infer<typeof migrationStepSchema>;

export const serverRunStateSchema = z.enum([
  "pending",
  "running",
  "migrated",
  "failed",
  "rolled-back",
  "skipped",
]);
export type ServerRunState = z.infer<typeof serverRunStateSchema>;

/** A server's progress in a run. */
export const serverRunSchema = z.lazy(() =>
  z.object({
    key: text,
    name: text,
    risk: riskLevelSchema,
    state: serverRunStateSchema,
    /** The step running now, or the one that failed. */
    step: migrationStepSchema.optional(),
    done: z.array(migrationStepSchema),
    /** For a failure: what went wrong; for a skip: why. */
    error: optionalText,
    /** For a failure: what the user can do about it. */
    fix: optionalText,
    /** For a migrated server: what is left for the user to do (authorize a server behind OAuth). */
    note: optionalText,
  }),
);
export type ServerRun = z.infer<typeof serverRunSchema>;

/** POST /api/migrate/runs */
export const runRequestSchema = z.object({ plan: text, only: z.array(serverNameSchema).optional() }).strict();
export type RunRequest = z.input<typeof runRequestSchema>;

/**
 * Where a client file's rewrite stands: waiting for whoever writes it (the hub, when it has the user's home, else the
 * host helper), written, refused because the file changed since the hub read it, or restored: rollbacks put back
 * every entry this run took out of it.
 */
export const fileRewriteSchema = z.lazy(() =>
  z.object({
    origin: scanOriginSchema,
    file: text,
    status: z.enum(["pending", "written", "restored", "changed-since-scan", "failed"]),
    /** Those whose entries the rewrite takes out or puts back; written: those out of the file; restored: put back. */
    servers: textList,
    /** The backup of the file as it was before the first rewrite (`mcp-hub client restore` puts it back). */
    backup: optionalText,
    error: optionalText,
    fix: optionalText,
  }),
);
export type FileRewrite = z.infer<typeof fileRewriteSchema>;

/** Where a run stands; "interrupted" = the hub stopped while it ran (POST …/resume continues it). */
export const runStateSchema = z.enum(["running", "waiting-for-rewrite", "done", "interrupted"]);
export type RunState = z.infer<typeof runStateSchema>;

/** A run: its servers, batch by batch (low → medium → high risk); kept on disk, resumed after a hub restart. */
export const runSchema = z.lazy(() =>
  z.object({
    id: text,
    plan: text,
    state: runStateSchema,
    startedAt: text,
    finishedAt: optionalText,
    servers: z.array(serverRunSchema),
    /** The client files this run rewrites (added: the run's rewrites were not visible in a run before). */
    files: z.array(fileRewriteSchema),
  }),
);
export type Run = z.infer<typeof runSchema>;

/** GET /api/migrate/runs */
export const runsResponseSchema = z.lazy(() => z.object({ runs: z.array(runSchema) }));
export type RunsResponse = z.infer<typeof runsResponseSchema>;

/** The events of GET /api/migrate/runs/:id/events: every change to a server, and a step's log lines. */
export const runEventSchema = z.lazy(() =>
  z.discriminatedUnion("event", [
    z.object({ event: z.literal("run"), data: runSchema }),
    z.object({ event: z.literal("server"), data: serverRunSchema }),
    z.object({
      event: z.literal("log"),
      data: z.object({ key: text, step: migrationStepSchema, line: text }),
    }),
  ]),
);
export type RunEvent = z.infer<typeof runEventSchema>;

/**
 * A client file's new text after migration (the migrated entries out, the hub's entry in, everything else kept),
 * for whoever can write it: the host helper on the user's machine, or the hub when it has the user's home.
 */
export const rewriteSchema = z.lazy(() =>
  z.object({
    origin: scanOriginSchema,
    file: text,
    /** sha256 of the text the hub last knew the file to have: the file is rewritten only if it still has it. */
    expectedSha256: text,
    text,
    /** Entries taken out (now behind the hub) and whether the hub entry was added. */
    removed: textList,
    hubEntryAdded: flag,
    /** Entries put back as they were (a rollback). */
    restored: textList,
  }),
);
export type Rewrite = z.infer<typeof rewriteSchema>;

/** GET /api/migrate/runs/:id/rewrites: the rewrites still to be written. */
export const rewritesResponseSchema = z.lazy(() => z.object({ rewrites: z.array(rewriteSchema) }));
export type RewritesResponse = z.infer<typeof rewritesResponseSchema>;

/** POST /api/migrate/runs/:id/rewrites: what the host side did with each rewrite. */
export const rewriteOutcomeSchema = z
  .object({
    outcomes: z.array(
      z.object({
        file: text,
        status: z.enum(["written", "changed-since-scan", "failed"]),
        backup: optionalText,
        error: optionalText,
      }),
    ),
  })
  .strict();
export type RewriteOutcome = z.input<typeof rewriteOutcomeSchema>;

/** POST /api/migrate/runs/:id/rollback: undo one migrated server completely, its client entry included. */
export const rollbackRequestSchema = z.object({ server: serverNameSchema }).strict();
export type RollbackRequest = z.infer<typeof rollbackRequestSchema>;

/** The report of a finished run: every server, migrated, skipped (why) or failed (the step, the reason, the fix). */
export const reportSchema = z.lazy(() =>
  z.object({
    run: text,
    state: runStateSchema,
    migrated: count,
    failed: count,
    /** Servers the run left out, plus the entries the plan did not migrate. */
    skipped: count,
    servers: z.array(serverRunSchema),
    /** Entries the plan left in their clients, and why (added). */
    entries: z.array(skippedEntrySchema),
    files: z.array(fileRewriteSchema),
  }),
);
export type Report = z.infer<typeof reportSchema>;

/** `:id` of /api/migrate/scans, plans and runs. */
export const migrationParamsSchema = z.object({ id: text.min(1).max(64) });

import type {
  Candidate,
  Choice,
  Plan,
  PlannedServer,
  Scan,
  ScannedFile,
  ScriptFolder,
  SkippedEntry,
} from "../../api";

/** The user's choices, per candidate key; only what they changed from the plan's proposal. */
export type Choices = Record<string, Choice>;

/** The defaults of a choice: a field back at its default is dropped, so the plan request says only what changed. */
function isDefault(field: keyof Choice, value: unknown): boolean {
  if (value === undefined) return true;
  if (field === "include") return value === true;
  if (field === "writable") return Array.isArray(value) && value.length === 0;
  if (field === "workspaceFolder") return value === "";
  return false;
}

export function withChoice(choices: Choices, key: string, change: Partial<Choice>): Choices {
  const merged: Record<string, unknown> = { ...choices[key], ...change };
  const choice = Object.fromEntries(
    Object.entries(merged).filter(([field, value]) => !isDefault(field as keyof Choice, value)),
  ) as Choice;
  const next = { ...choices };
  if (Object.keys(choice).length) next[key] = choice;
  else delete next[key];
  return next;
}

/** One entry the user decides on, with what the plan makes of it (or why it would stay). */
export interface ReviewEntry {
  candidate: Candidate;
  planned?: PlannedServer;
  skipped?: SkippedEntry;
  /** A local script's folder: what the hub packed from its mount of the home for the image, or why it could not. */
  folder?: ScriptFolder;
}

export interface ReviewFile {
  origin: Candidate["origin"];
  file: string;
  entries: ReviewEntry[];
}

/** An entry that stays in its client whatever the user picks, and why. */
export interface StayingEntry {
  candidate: Candidate;
  reason: string;
}

export interface Review {
  files: ReviewFile[];
  invalid: Extract<ScannedFile, { status: "invalid" }>[];
  staying: StayingEntry[];
}

/**
 * The review of a scan under its plan: per client file, the entries the user decides on (planned, left out by them,
 * or waiting for the folder a `${workspaceFolder}` stands for), then those that cannot migrate with the reason, and
 * the files that could not be read. The hub's own entries are not the user's to migrate and are left out.
 */
export function toReview(scan: Scan, plan: Plan, choices: Choices): Review {
  const planned = new Map(plan.servers.map((s) => [s.key, s]));
  const skipped = new Map(plan.skipped.map((s) => [s.key, s]));
  const folders = new Map(scan.folders?.map((f) => [f.key, f]));
  const review: Review = { files: [], invalid: [], staying: [] };
  for (const file of scan.files) {
    if (file.status === "invalid") {
      review.invalid.push(file);
      continue;
    }
    const entries: ReviewEntry[] = [];
    for (const candidate of file.candidates) {
      if (candidate.isHub) continue;
      const entry = {
        candidate,
        planned: planned.get(candidate.key),
        skipped: skipped.get(candidate.key),
        folder: folders.get(candidate.key),
      };
      const leftOut = choices[candidate.key]?.include === false;
      const needsFolder = candidate.paths.some((p) => p.needsChoice);
      if (entry.planned || (candidate.kind !== "unmigratable" && (leftOut || needsFolder)))
        entries.push(entry);
      else
        review.staying.push({
          candidate,
          reason: entry.skipped?.reason ?? candidate.reason ?? "it cannot migrate",
        });
    }
    if (entries.length) review.files.push({ origin: file.origin, file: file.file, entries });
  }
  return review;
}

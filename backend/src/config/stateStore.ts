import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { InvalidState } from "../errors/index.js";
import type { Logger } from "../log/index.js";
import { SerialQueue } from "../queue/index.js";
import { ensureDataDir, isMissingFile, writeFileAtomic } from "./atomicWrite.js";
import { parseValidJsonFile, toFieldIssues } from "./jsonFile.js";
import { emptyState, stateSchema, type HubState } from "./schema.js";

export const STATE_FILE = "hub.json";

export type StateUpdater = (draft: HubState) => HubState | void | Promise<HubState | void>;

export interface StateStore {
  /** Absolute path of the state file. */
  readonly file: string;
  /** Reads and validates the file; a missing file becomes the empty state, written out. */
  load(): Promise<HubState>;
  /** Validates, backs the current file up to `.bak`, writes atomically (0600). Resolves with defaults applied. */
  save(state: HubState): Promise<HubState>;
  /** Serialized read-modify-write: `fn` gets a private copy; mutate it or return a replacement. */
  update(fn: StateUpdater): Promise<HubState>;
  /** The last loaded or saved state (deep-frozen: change it through update()). */
  current(): HubState;
  /** Calls `listener` after every successful save or update, with the new state; returns the unsubscribe. */
  watch(listener: (state: HubState) => void): () => void;
}

export function createStateStore(options: { dataDir: string; log: Logger }): StateStore {
  const { dataDir } = options;
  const log = options.log.child({ mod: "config" });
  const file = join(dataDir, STATE_FILE);
  const backup = `${file}.bak`;
  let state: HubState | undefined;
  // Set while the file on disk is known to be invalid: every write refuses until a load succeeds, so a
  // hand-edited file with a typo is never replaced by the hub's idea of the state.
  let blocked: InvalidState | undefined;
  // Text of the file as we last read or wrote it, to notice edits made behind our back.
  let lastText: string | undefined;
  // One operation at a time, so read-modify-write never interleaves.
  const queue = new SerialQueue();
  const watchers = new Set<(state: HubState) => void>();

  async function readDisk(): Promise<{ state: HubState; text: string } | { missing: true }> {
    let text: string;
    try {
      text = await readFile(file, "utf8");
    } catch (error) {
      if (isMissingFile(error)) return { missing: true };
      throw error;
    }
    try {
      return { text, state: parseValidJsonFile(file, text, stateSchema) };
    } catch (error) {
      if (error instanceof InvalidState) {
        blocked = error;
        log.error({ file, issues: error.issues }, "state file is invalid; it is left untouched until fixed");
      }
      throw error;
    }
  }

  async function commit(candidate: unknown): Promise<HubState> {
    if (blocked) throw blocked;
    const parsed = stateSchema.safeParse(candidate);
    if (!parsed.success) throw new InvalidState(file, toFieldIssues(parsed.error));
    // Re-read before replacing: the file may have been edited since load, and an invalid file is never overwritten.
    const onDisk = await readDisk();
    const text = toText(parsed.data);
    if ("text" in onDisk) {
      if (onDisk.text !== lastText)
        log.warn({ file }, "state file changed on disk since it was loaded; replacing it");
      await writeFileAtomic(backup, onDisk.text);
    }
    await writeFileAtomic(file, text);
    lastText = text;
    const saved = (state = deepFreeze(parsed.data));
    for (const watcher of watchers) watcher(saved);
    return saved;
  }

  function requireLoaded(): HubState {
    // A programming error, not a user-facing failure: the composition root loads before serving.
    if (!state) throw new Error("state store used before load()");
    return state;
  }

  return {
    file,

    load: () =>
      queue.run(async () => {
        await ensureDataDir(dataDir);
        const onDisk = await readDisk();
        if ("missing" in onDisk) {
          const fresh = emptyState();
          const text = toText(fresh);
          await writeFileAtomic(file, text);
          log.info({ file }, "created an empty state file");
          lastText = text;
          state = deepFreeze(fresh);
        } else {
          lastText = onDisk.text;
          state = deepFreeze(onDisk.state);
        }
        blocked = undefined;
        return state;
      }),

    save: (next) =>
      queue.run(async () => {
        requireLoaded();
        return commit(next);
      }),

    update: (fn) =>
      queue.run(async () => {
        const draft = structuredClone(requireLoaded());
        if (blocked) throw blocked;
        const returned = await fn(draft);
        return commit(returned ?? draft);
      }),

    current: requireLoaded,

    watch(listener) {
      watchers.add(listener);
      return () => watchers.delete(listener);
    },
  };
}

function toText(state: HubState): string {
  return `${JSON.stringify(state, null, 2)}\n`;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

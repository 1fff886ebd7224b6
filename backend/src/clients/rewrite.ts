import { createHash } from "node:crypto";
import { errorMessage } from "../errors/index.js";
import { backupOnce, backupPathOf, readSnapshot, readText, writeAtomic } from "./configFile.js";
import { toLocal } from "./envPaths.js";
import type { EnvContext } from "./types.js";

export type RewriteResult =
  | { status: "written"; backup: string }
  | { status: "changed-since-scan"; error: string }
  | { status: "failed"; error: string };

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/**
 * Replaces a client file's whole text with one computed elsewhere (the migration's rewrite), only if the file still
 * has the text the computation started from (`expectedSha256`). The backup is the one `connect` takes, kept once
 * (the first backup is the original), so `mcp-hub client restore` brings the file back byte for byte.
 */
export async function rewriteConfigFile(options: {
  env: EnvContext;
  /** The file as the client sees it (the scan's path). */
  file: string;
  expectedSha256: string;
  text: string;
}): Promise<RewriteResult> {
  const { env, file } = options;
  const changed = (why: string): RewriteResult => ({
    status: "changed-since-scan",
    error: `${file} ${why} since the hub read it`,
  });
  try {
    const snapshot = await readSnapshot(toLocal(env, file));
    if (snapshot === null) return changed("was removed");
    const backup = backupPathOf(file);
    // Written already (a hub stopped before it noted the write): the same rewrite again is a success, not a change.
    if (snapshot.text === options.text) return { status: "written", backup };
    if (sha256(snapshot.text) !== options.expectedSha256) return changed("changed");
    await backupOnce(snapshot, toLocal(env, backup));
    // The client may have written between our read and the backup: never overwrite its change.
    if ((await readText(snapshot.realPath)) !== snapshot.text) return changed("changed");
    await writeAtomic(snapshot.realPath, options.text, { mode: snapshot.mode, owner: snapshot });
    return { status: "written", backup };
  } catch (error) {
    return { status: "failed", error: `${file} could not be rewritten: ${errorMessage(error)}` };
  }
}

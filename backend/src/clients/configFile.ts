import { randomBytes } from "node:crypto";
import { constants } from "node:fs";
import {
  chmod,
  chown,
  copyFile,
  lstat,
  mkdir,
  open,
  readFile,
  realpath,
  rename,
  stat,
  unlink,
} from "node:fs/promises";
import path from "node:path";

/**
 * The only file I/O of the client writers. Paths here are local (already mapped by EnvContext.toLocalPath).
 * Writes are atomic (temp file in the same directory + rename), keep mode and, when running as root (our image
 * writing into a bind-mounted home), owner.
 */

export interface FileSnapshot {
  text: string;
  /** The file we actually write: a symlinked config (dotfile managers) is updated at its target, not replaced. */
  realPath: string;
  mode: number;
  uid: number;
  gid: number;
}

export interface Owner {
  uid: number;
  gid: number;
}

/** New user-level files may later hold other tools' secrets; project files are meant to be shared. */
export const NEW_FILE_MODE = { user: 0o600, project: 0o644 } as const;
const RENAME_RETRIES = 3; // Windows: an editor or scanner holding the file briefly makes rename fail with EPERM/EBUSY
const RENAME_RETRY_MS = 50;

function isMissing(err: unknown): boolean {
  return (err as NodeJS.ErrnoException).code === "ENOENT";
}

function runningAsRoot(): boolean {
  return process.getuid?.() === 0;
}

export function backupPathOf(file: string): string {
  return `${file}.mcp-hub.bak`;
}

export async function pathExists(localPath: string): Promise<boolean> {
  try {
    await lstat(localPath);
    return true;
  } catch (err) {
    if (isMissing(err)) return false;
    throw err;
  }
}

export async function readSnapshot(localPath: string): Promise<FileSnapshot | null> {
  let realPath: string;
  try {
    realPath = await realpath(localPath);
  } catch (err) {
    if (isMissing(err)) return null;
    throw err;
  }
  const [text, info] = await Promise.all([readFile(realPath, "utf8"), stat(realPath)]);
  return { text, realPath, mode: info.mode & 0o7777, uid: info.uid, gid: info.gid };
}

export async function readText(localPath: string): Promise<string | null> {
  try {
    return await readFile(localPath, "utf8");
  } catch (err) {
    if (isMissing(err)) return null;
    throw err;
  }
}

/** Creates missing parent directories; as root, hands them to the owner of the nearest existing ancestor. */
export async function ensureParentDir(localFile: string): Promise<Owner | undefined> {
  const missing: string[] = [];
  let dir = path.dirname(localFile);
  while (!(await pathExists(dir))) {
    missing.unshift(dir);
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  const ancestor = await stat(dir);
  const owner = runningAsRoot() ? { uid: ancestor.uid, gid: ancestor.gid } : undefined;
  for (const created of missing) {
    await mkdir(created).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== "EEXIST") throw err;
    });
    if (owner) await chown(created, owner.uid, owner.gid);
  }
  return owner;
}

export async function writeAtomic(
  localPath: string,
  text: string,
  options: { mode: number; owner?: Owner },
): Promise<void> {
  const dir = path.dirname(localPath);
  const temp = path.join(
    dir,
    `.${path.basename(localPath)}.mcp-hub-${process.pid}-${randomBytes(4).toString("hex")}.tmp`,
  );
  try {
    const handle = await open(temp, "wx", options.mode);
    try {
      await handle.writeFile(text, "utf8");
      await handle.sync();
    } finally {
      await handle.close();
    }
    await chmod(temp, options.mode); // open() applied the umask
    if (options.owner && runningAsRoot()) await chown(temp, options.owner.uid, options.owner.gid);
    await renameWithRetry(temp, localPath);
  } catch (err) {
    await unlink(temp).catch(() => undefined);
    throw err;
  }
}

async function renameWithRetry(from: string, to: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await rename(from, to);
      return;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (attempt >= RENAME_RETRIES || (code !== "EPERM" && code !== "EBUSY")) throw err;
      await new Promise((resolve) => setTimeout(resolve, RENAME_RETRY_MS * attempt));
    }
  }
}

/** Copies the original aside unless a backup already exists: the first backup is the one worth keeping. */
export async function backupOnce(snapshot: FileSnapshot, backupPath: string): Promise<boolean> {
  try {
    await copyFile(snapshot.realPath, backupPath, constants.COPYFILE_EXCL);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw err;
  }
  await chmod(backupPath, snapshot.mode);
  if (runningAsRoot()) await chown(backupPath, snapshot.uid, snapshot.gid);
  return true;
}

export async function removeFile(localPath: string): Promise<void> {
  try {
    await unlink(localPath);
  } catch (err) {
    if (!isMissing(err)) throw err;
  }
}

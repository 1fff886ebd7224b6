import { readdir, readFile, realpath, stat } from "node:fs/promises";
import path from "node:path";
import { MIGRATION_CONTEXT_MAX_BYTES } from "@mcp-hub/contracts";
import { pack } from "tar-stream";
import { isCredentialFile, isLeftOutFolder } from "../packaging/index.js";

const TAR_BLOCK = 512;
/** A name over 100 bytes takes a pax header of its own (one header block and one data block). */
const LONG_NAME = 100;

export type PackedFolder =
  { status: "packed"; tar: Buffer; files: number; leftOut: string[] } | { status: "refused"; reason: string };

interface FolderFile {
  /** Relative to the folder, with "/" separators: how the tar names it. */
  name: string;
  local: string;
  mode: number;
  mtime: Date;
}

const mib = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MiB`;
const padded = (bytes: number) => Math.ceil(bytes / TAR_BLOCK) * TAR_BLOCK;

/** True when `dir` is `home` or holds it (the filesystem's root, /home, C:\Users). */
function holdsHome(dir: string, home: string): boolean {
  const rel = path.relative(dir, home);
  return rel === "" || (!rel.startsWith("..") && !path.isAbsolute(rel));
}

/**
 * A local script's folder as a tar stream (entries relative to the folder) for the hub to build its image from:
 * without installed dependencies, caches, version control, credential files and links, within `maxBytes`. The
 * user's home is never sent as a whole: a script whose folder is the home (or holds it) is refused.
 */
export async function packScriptFolder(options: {
  /** The folder as this process opens it. */
  dir: string;
  /** The user's home as this process opens it. */
  home: string;
  /** How the user knows the folder (the host's path), for messages. */
  shownAs: string;
  maxBytes?: number;
}): Promise<PackedFolder> {
  const { shownAs } = options;
  const maxBytes = options.maxBytes ?? MIGRATION_CONTEXT_MAX_BYTES;
  let dir: string;
  try {
    dir = await realpath(options.dir);
    if (!(await stat(dir)).isDirectory()) return { status: "refused", reason: `${shownAs} is not a folder` };
  } catch {
    return { status: "refused", reason: `${shownAs} does not exist here` };
  }
  const home = await realpath(options.home).catch(() => path.resolve(options.home));
  if (holdsHome(dir, home))
    return {
      status: "refused",
      reason: `the script sits in ${shownAs}, which is (or holds) your home folder, and a home folder is never sent: move the script into a folder of its own, point the entry at it, then scan again`,
    };

  const files: FolderFile[] = [];
  const leftOut: string[] = [];
  let bytes = 2 * TAR_BLOCK; // the end-of-archive blocks
  const tooBig: PackedFolder = {
    status: "refused",
    reason: `the folder ${shownAs} holds more than ${mib(maxBytes)} even without node_modules, .git, .venv and __pycache__: move the script into a folder with only what it needs (its dependencies are installed in the image), then scan again`,
  };
  const pending = [""];
  while (pending.length) {
    const rel = pending.shift()!;
    let entries;
    try {
      entries = await readdir(path.join(dir, rel), { withFileTypes: true });
    } catch (error) {
      return { status: "refused", reason: `${shownAs}/${rel} cannot be read (${(error as Error).message})` };
    }
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const name = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (isLeftOutFolder(entry.name)) leftOut.push(`${name}/`);
        else pending.push(name);
        continue;
      }
      if (!entry.isFile() || isCredentialFile(entry.name)) {
        leftOut.push(entry.isSymbolicLink() ? `${name} (a link)` : name);
        continue;
      }
      const local = path.join(dir, name);
      const info = await stat(local);
      bytes += TAR_BLOCK + padded(info.size) + (Buffer.byteLength(name) > LONG_NAME ? 2 * TAR_BLOCK : 0);
      if (bytes > maxBytes) return tooBig;
      files.push({ name, local, mode: info.mode & 0o777, mtime: info.mtime });
    }
  }
  const tar = await toTar(files);
  // A file that grew since it was measured: the cap holds for what is sent.
  if (tar.length > maxBytes) return tooBig;
  return { status: "packed", tar, files: files.length, leftOut };
}

async function toTar(files: FolderFile[]): Promise<Buffer> {
  const tar = pack();
  const chunks: Buffer[] = [];
  const collected = (async () => {
    for await (const chunk of tar) chunks.push(chunk as Buffer);
  })();
  for (const file of files) {
    const data = await readFile(file.local);
    await new Promise<void>((resolve, reject) =>
      tar.entry({ name: file.name, size: data.length, mode: file.mode, mtime: file.mtime }, data, (error) =>
        error ? reject(error) : resolve(),
      ),
    );
  }
  tar.finalize();
  await collected;
  return Buffer.concat(chunks);
}

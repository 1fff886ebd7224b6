import { extract } from "tar-stream";
import { isCredentialFile, isLeftOutFolder } from "./folderRules.js";

/** One file of a local script's folder, as it goes into the image under /app. */
export interface ScriptFile {
  /** Relative to the script's folder, with "/" separators. */
  path: string;
  data: Buffer;
  mode: number;
}

export interface ScriptFolder {
  files: ScriptFile[];
  /** What was left out, for the build log (folders like node_modules, credential files, links). */
  leftOut: string[];
}

/** What a script's folder may bring into an image, after the exclusions. */
export const SCRIPT_FOLDER_LIMITS = { maxBytes: 16 * 1024 * 1024, maxFiles: 5_000 } as const;

/** A folder with these at its top is someone's home: it is never copied into an image. */
const HOME_MARKERS = new Set([
  ".bashrc",
  ".bash_profile",
  ".bash_history",
  ".zshrc",
  ".zsh_history",
  ".profile",
  ".ssh",
  "NTUSER.DAT",
]);

const sizeOf = (bytes: number) =>
  bytes >= 1024 * 1024 ? `${Math.round(bytes / 1024 / 1024)} MiB` : `${Math.round(bytes / 1024)} KiB`;

/** Why a script's folder cannot be packaged. */
export class ScriptFolderRefused extends Error {}

/** "./a/b" → "a/b"; undefined for a path that leaves the folder (absolute, drive letter, "..") — a tar slip. */
function relativePath(name: string): string | undefined {
  const path = name.replace(/^(?:\.\/)+/, "").replace(/\/+$/, "");
  if (!path || path.startsWith("/") || /^[A-Za-z]:/.test(path)) return undefined;
  return path.split("/").some((part) => part === "..") ? undefined : path;
}

/** The first part of the path that keeps it out of the image, if one does. */
function exclusion(path: string): string | undefined {
  const parts = path.split("/");
  const folder = parts.slice(0, -1).findIndex(isLeftOutFolder);
  if (folder >= 0) return parts.slice(0, folder + 1).join("/") + "/";
  const file = parts[parts.length - 1]!;
  if (isLeftOutFolder(file)) return `${path}/`;
  return isCredentialFile(file) ? path : undefined;
}

/**
 * Reads the tar of a local script's folder (entries relative to that folder) into the files its image gets: without
 * installed dependencies, caches, version control and credential files, within a size cap, and never a home folder.
 */
export async function readScriptFolder(
  tar: Buffer,
  limits: { maxBytes: number; maxFiles: number } = SCRIPT_FOLDER_LIMITS,
): Promise<ScriptFolder> {
  const files: ScriptFile[] = [];
  const leftOut = new Set<string>();
  let bytes = 0;
  const reader = extract();
  const reading = (async () => {
    for await (const entry of reader) {
      const { name, type, size = 0, mode = 0o644 } = entry.header;
      const path = relativePath(name);
      if (path === undefined) throw new ScriptFolderRefused(`"${name}" points outside the script's folder`);
      const top = path.split("/")[0]!;
      if (HOME_MARKERS.has(top))
        throw new ScriptFolderRefused(
          `the script's folder looks like a home folder (it has ${top}): move the script into a folder of its own; a home folder is never copied into an image`,
        );
      const excluded = exclusion(path);
      if (excluded || (type !== "file" && type !== "contiguous-file" && type !== "directory")) {
        if (type !== "directory") leftOut.add(excluded ?? `${path} (${type ?? "unknown"})`);
        entry.resume();
        continue;
      }
      if (type === "directory") {
        entry.resume();
        continue;
      }
      bytes += size;
      if (bytes > limits.maxBytes || files.length >= limits.maxFiles)
        throw new ScriptFolderRefused(
          `the script's folder holds more than ${sizeOf(limits.maxBytes)} or ${limits.maxFiles} files (node_modules, .git, .venv and __pycache__ left out): move the script into a smaller folder`,
        );
      const chunks: Buffer[] = [];
      for await (const chunk of entry) chunks.push(chunk as Buffer);
      // Read-only for everyone but keep the executable bit: nothing in the image is writable at run time.
      files.push({ path, data: Buffer.concat(chunks), mode: mode & 0o111 ? 0o755 : 0o644 });
    }
  })();
  reader.end(tar);
  try {
    await reading;
  } catch (error) {
    reader.destroy();
    if (error instanceof ScriptFolderRefused) throw error;
    throw new ScriptFolderRefused(`the script's folder is not a readable tar: ${(error as Error).message}`);
  }
  return { files: files.sort((a, b) => a.path.localeCompare(b.path)), leftOut: [...leftOut].sort() };
}

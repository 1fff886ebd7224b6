import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { EnvContext, Platform } from "../../src/clients/index.js";

export const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), "fixtures");

export function fixture(name: string): Promise<string> {
  return readFile(path.join(FIXTURES, name), "utf8");
}

export interface Sandbox {
  root: string;
  cleanup(): Promise<void>;
}

export async function sandbox(): Promise<Sandbox> {
  const root = await mkdtemp(path.join(tmpdir(), "mcp-hub-clients-"));
  return { root, cleanup: () => rm(root, { recursive: true, force: true }) };
}

const WIN_HOME = "C:\\Users\\me";

/**
 * An EnvContext for each OS layout, all backed by the sandbox. Windows paths stay Windows-style in the logic and
 * are mapped onto the sandbox by toLocalPath, exactly as the host-binary container maps a bind mount.
 */
export function envFor(platform: Platform, root: string, extraEnv: Record<string, string> = {}): EnvContext {
  if (platform !== "win32") return { platform, home: path.join(root, "home"), env: { ...extraEnv } };
  return {
    platform,
    home: WIN_HOME,
    env: {
      APPDATA: `${WIN_HOME}\\AppData\\Roaming`,
      LOCALAPPDATA: `${WIN_HOME}\\AppData\\Local`,
      ProgramFiles: "C:\\Program Files",
      ProgramData: "C:\\ProgramData",
      SystemRoot: "C:\\Windows",
      USERPROFILE: WIN_HOME,
      ...extraEnv,
    },
    toLocalPath: (p) => {
      if (!/^[A-Za-z]:\\/.test(p)) throw new Error(`not a Windows absolute path: ${p}`);
      return path.join(root, p[0] as string, ...p.slice(3).split("\\"));
    },
  };
}

export const PLATFORMS: Platform[] = ["linux", "darwin", "win32"];

/** Every file under dir (relative), to prove no temp files are left behind. */
export async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) out.push(path.relative(dir, path.join(entry.parentPath, entry.name)));
  }
  return out.sort();
}

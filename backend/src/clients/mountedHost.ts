import path from "node:path";
import { pathApi } from "./envPaths.js";
import type { EnvContext, Platform } from "./types.js";

/**
 * The user's machine as seen from a container that has the user's home bind-mounted: how the host scripts
 * (host/<platform>/mcp-hub-host) and a hub with HUB_HOST_HOME run the writers on the user's behalf. Paths keep the
 * host's spelling (so the entries we write are right for the host) and are mapped onto the mount to be opened.
 */
export interface HostMount {
  /** Where the user's home is mounted in this container, e.g. /host-home. */
  mount: string;
  platform: Platform;
  /** The user's home as the host spells it: /Users/me, /home/me, C:\Users\me. */
  home: string;
  /** The user's variables that shape config paths and the Windows docker env (see HOST_ENV_NAMES). */
  env: Record<string, string | undefined>;
}

/** Host variables the writers read; the host scripts pass each as HUB_HOST_ENV_<name>. */
export const HOST_ENV_NAMES = [
  "APPDATA",
  "LOCALAPPDATA",
  "USERPROFILE",
  "SystemDrive",
  "SystemRoot",
  "ProgramData",
  "ProgramFiles",
  "XDG_CONFIG_HOME",
  "CLAUDE_CONFIG_DIR",
] as const;
export const HOST_ENV_PREFIX = "HUB_HOST_ENV_";
/** Where paths outside the mounted home land: nothing exists there, so such a client reads as "not installed". */
const OUTSIDE_HOME = "/nonexistent-outside-host-home";

export const PLATFORMS = ["linux", "darwin", "win32"] as const satisfies readonly Platform[];

export type HostMountFromEnv =
  { ok: true; mount: HostMount } | { ok: false; reason: string; missing: boolean };

/**
 * Reads HUB_HOST_HOME (mount point), HUB_HOST_PLATFORM, HUB_HOST_USER_HOME and HUB_HOST_ENV_* from an environment
 * (the caller's process.env). `missing` = no host home configured at all, as opposed to a half-done configuration.
 */
export function hostMountFromEnv(env: Readonly<Record<string, string | undefined>>): HostMountFromEnv {
  const mount = env.HUB_HOST_HOME;
  if (!mount)
    return { ok: false, missing: true, reason: "no host home is mounted (HUB_HOST_HOME is not set)" };
  const platform = env.HUB_HOST_PLATFORM as Platform | undefined;
  if (!platform || !PLATFORMS.includes(platform))
    return {
      ok: false,
      missing: false,
      reason: `HUB_HOST_PLATFORM must be one of ${PLATFORMS.join(", ")} (got "${platform ?? ""}")`,
    };
  const home = env.HUB_HOST_USER_HOME;
  if (!home || !pathApi(platform).isAbsolute(home))
    return {
      ok: false,
      missing: false,
      reason: `HUB_HOST_USER_HOME must be the user's home as the host spells it (got "${home ?? ""}")`,
    };
  const hostEnv: Record<string, string | undefined> = {};
  for (const name of HOST_ENV_NAMES) {
    const value = env[`${HOST_ENV_PREFIX}${name}`];
    if (value) hostEnv[name] = value;
  }
  return { ok: true, mount: { mount, platform, home, env: hostEnv } };
}

export function mountedEnvContext(host: HostMount): EnvContext {
  const api = pathApi(host.platform);
  const home = api.resolve(host.home);
  return {
    platform: host.platform,
    home: host.home,
    env: host.env,
    toLocalPath(clientPath) {
      // win32 relative() compares case-insensitively, as Windows does; a path outside home maps to nowhere.
      const rel = api.relative(home, api.resolve(clientPath));
      const outside = rel === ".." || rel.startsWith(`..${api.sep}`) || api.isAbsolute(rel);
      const parts = rel.split(api.sep).filter(Boolean);
      return outside
        ? path.posix.join(OUTSIDE_HOME, ...api.resolve(clientPath).split(api.sep).filter(Boolean))
        : path.posix.join(host.mount, ...parts);
    },
  };
}

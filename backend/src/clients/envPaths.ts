import path from "node:path";
import type { EnvContext, Platform } from "./types.js";

/** Path functions in the client's own style: win32 paths must be built with backslashes even when we run on Linux. */
export function pathApi(platform: Platform): path.PlatformPath {
  return platform === "win32" ? path.win32 : path.posix;
}

export function joinFor(env: EnvContext, ...parts: string[]): string {
  return pathApi(env.platform).join(...parts);
}

/** Windows env names are case-insensitive; the injected env may spell them either way. */
export function envValue(env: EnvContext, name: string): string | undefined {
  const direct = env.env[name];
  if (direct) return direct;
  if (env.platform !== "win32") return undefined;
  const lower = name.toLowerCase();
  for (const [key, value] of Object.entries(env.env)) {
    if (key.toLowerCase() === lower && value) return value;
  }
  return undefined;
}

/** `%APPDATA%` (Roaming) on Windows. */
export function winAppData(env: EnvContext): string {
  return envValue(env, "APPDATA") ?? joinFor(env, env.home, "AppData", "Roaming");
}

/** `%LOCALAPPDATA%` on Windows. */
export function winLocalAppData(env: EnvContext): string {
  return envValue(env, "LOCALAPPDATA") ?? joinFor(env, env.home, "AppData", "Local");
}

/**
 * Where Electron apps (VS Code, Claude Desktop) keep per-user data: `~/Library/Application Support` on macOS,
 * `%APPDATA%` on Windows, `$XDG_CONFIG_HOME` (default `~/.config`) on Linux.
 */
export function appDataDir(env: EnvContext): string {
  switch (env.platform) {
    case "darwin":
      return joinFor(env, env.home, "Library", "Application Support");
    case "win32":
      return winAppData(env);
    case "linux":
      return xdgConfigHome(env);
  }
}

export function xdgConfigHome(env: EnvContext): string {
  const xdg = env.env.XDG_CONFIG_HOME;
  // The XDG spec says a relative value is invalid and must be ignored.
  return xdg && xdg.startsWith("/") ? xdg : joinFor(env, env.home, ".config");
}

/** Resolves a client-side path to one this process can open. */
export function toLocal(env: EnvContext, clientPath: string): string {
  return env.toLocalPath ? env.toLocalPath(clientPath) : clientPath;
}

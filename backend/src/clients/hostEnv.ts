import os from "node:os";
import type { EnvContext, Platform } from "./types.js";

/**
 * The EnvContext of the machine we run on: the one place that reads process.env and os.homedir(), for the CLI
 * running natively on the user's machine. Everything else takes an EnvContext, so tests and the host-binary
 * container can describe another machine.
 */
export function hostEnvContext(): EnvContext {
  const platform: Platform =
    process.platform === "darwin" || process.platform === "win32" ? process.platform : "linux";
  return { platform, home: os.homedir(), env: { ...process.env } };
}

import { envValue, joinFor } from "./envPaths.js";
import type { EntryContext, HubEntryOptions, JsonObject } from "./types.js";

export const DEFAULT_HUB_ENTRY: Readonly<HubEntryOptions> = {
  entryName: "mcp-hub",
  bridgeImage: "mcp-hub-bridge:latest",
  network: "mcp-hub",
  dataVolume: "mcp-hub-data",
  dockerCommand: "docker",
  hubUrl: "http://127.0.0.1:3010/mcp",
  tokenEnvVar: "MCP_HUB_TOKEN",
  tokenInputId: "mcp-hub-token",
};

export function resolveHubEntryOptions(partial: Partial<HubEntryOptions> = {}): HubEntryOptions {
  const merged = { ...DEFAULT_HUB_ENTRY };
  // Ignore explicit undefineds so `{ bridgeImage: flags.image }` keeps the default when the flag is absent.
  for (const [key, value] of Object.entries(partial) as [keyof HubEntryOptions, string | undefined][]) {
    if (value !== undefined) merged[key] = value;
  }
  return merged;
}

/**
 * `docker run` argv of the stdio bridge. The bridge reads the hub token from the read-only data volume, so no secret
 * lands in the client file; `--pull never` because the image is built locally and a registry may be unreachable.
 */
export function bridgeArgs(options: HubEntryOptions, clientId: string): string[] {
  return [
    "run",
    "-i",
    "--rm",
    "--init",
    "--pull",
    "never",
    // The bridge only pipes bytes: it needs no capability, no writable filesystem and no privilege escalation.
    "--cap-drop",
    "ALL",
    "--security-opt",
    "no-new-privileges",
    "--read-only",
    "--network",
    options.network,
    "-v",
    `${options.dataVolume}:/data:ro`,
    options.bridgeImage,
    "--client",
    clientId,
  ];
}

/** `{command, args}` of the bridge: the common core of every stdio entry. */
export function bridgeCommand(ctx: EntryContext, clientId: string): { command: string; args: string[] } {
  return { command: ctx.options.dockerCommand, args: bridgeArgs(ctx.options, clientId) };
}

/** `Authorization` header value referring to the token by a client-side variable, never the token itself. */
export function bearer(reference: string): JsonObject {
  return { Authorization: `Bearer ${reference}` };
}

/**
 * Env the docker CLI needs on Windows when Claude Desktop (>= 0.9.3) starts servers with a stripped environment:
 * without these it cannot find its config, contexts or credential helper (docker/for-win #14900, desktop-feedback #140).
 * We write actual values, not references: Claude Desktop passes `env` values verbatim (no `%VAR%` or `${VAR}`
 * expansion), so a reference would reach docker.exe as literal text. They are paths, not secrets.
 */
export function windowsDockerEnv(ctx: EntryContext): Record<string, string> {
  const { env } = ctx;
  const drive = envValue(env, "SystemDrive") ?? "C:";
  const fallback: Record<string, string> = {
    APPDATA: joinFor(env, env.home, "AppData", "Roaming"),
    LOCALAPPDATA: joinFor(env, env.home, "AppData", "Local"),
    ProgramData: `${drive}\\ProgramData`,
    ProgramFiles: `${drive}\\Program Files`,
    SystemRoot: `${drive}\\Windows`,
    USERPROFILE: env.home,
  };
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(fallback)) result[name] = envValue(env, name) ?? value;
  return result;
}

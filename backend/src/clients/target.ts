import { findClient, CLIENTS } from "./definitions/index.js";
import { resolveHubEntryOptions } from "./entries.js";
import { toLocal } from "./envPaths.js";
import { ClientOptionUnsupported, UnknownClient } from "./errors.js";
import { backupPathOf, NEW_FILE_MODE, pathExists } from "./configFile.js";
import type { PlanContext } from "./plan.js";
import type { ClientDefinition, ConfigCandidate, EnvContext, HubEntryOptions, Scope } from "./types.js";

export interface TargetOptions {
  env: EnvContext;
  /** Default "user". */
  scope?: Scope;
  /** Required for scope "project", in the client's path style. */
  projectDir?: string;
  /** Hub entry settings; defaults in DEFAULT_HUB_ENTRY. */
  hub?: Partial<HubEntryOptions>;
}

/** One client's config file, resolved for one scope. `file`/`backup` are client-side paths, `local*` ours to open. */
export interface Target {
  def: ClientDefinition;
  scope: Scope;
  installed: boolean;
  file: string;
  backup: string;
  localFile: string;
  localBackup: string;
  newFileMode: number;
  plan: PlanContext;
}

export function clientDefinition(client: string): ClientDefinition {
  const def = findClient(client);
  if (!def)
    throw new UnknownClient(
      client,
      CLIENTS.map((c) => c.id),
    );
  return def;
}

async function anyExists(env: EnvContext, paths: string[]): Promise<boolean> {
  for (const p of paths) if (await pathExists(toLocal(env, p))) return true;
  return false;
}

/** First candidate whose install marker exists, else whose file exists, else the first (client not installed). */
async function pickCandidate(
  env: EnvContext,
  candidates: ConfigCandidate[],
): Promise<{ file: string; installed: boolean }> {
  for (const c of candidates) if (await anyExists(env, c.markers)) return { file: c.file, installed: true };
  for (const c of candidates) if (await anyExists(env, [c.file])) return { file: c.file, installed: true };
  return { file: usualCandidate(candidates).file, installed: false };
}

/** The candidate for a client with no trace on the machine yet: the first that is not conditional. */
export function usualCandidate(candidates: ConfigCandidate[]): ConfigCandidate {
  const first = candidates.find((c) => !c.onlyIfPresent);
  if (!first) throw new Error("client definition has no config candidates");
  return first;
}

export async function resolveTarget(client: string, options: TargetOptions): Promise<Target> {
  const def = clientDefinition(client);
  const scope = options.scope ?? "user";
  if (!def.scopes.includes(scope)) {
    throw new ClientOptionUnsupported(
      `${def.displayName} has no ${scope}-scope config; scopes: ${def.scopes.join(", ")}`,
    );
  }
  let picked: { file: string; installed: boolean };
  if (scope === "project") {
    if (!options.projectDir || !def.projectConfig)
      throw new ClientOptionUnsupported("project scope needs a project directory");
    picked = { file: def.projectConfig(options.projectDir, options.env), installed: true };
  } else {
    picked = await pickCandidate(options.env, def.userConfig(options.env));
  }
  const backup = backupPathOf(picked.file);
  return {
    def,
    scope,
    installed: picked.installed,
    file: picked.file,
    backup,
    localFile: toLocal(options.env, picked.file),
    localBackup: toLocal(options.env, backup),
    newFileMode: NEW_FILE_MODE[scope],
    plan: { def, ctx: { options: resolveHubEntryOptions(options.hub), env: options.env, scope } },
  };
}

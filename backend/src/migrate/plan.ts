import { randomUUID } from "node:crypto";
import {
  choiceSchema,
  type Candidate,
  type Choice,
  type Plan,
  type PlannedServer,
  type Platform,
} from "@mcp-hub/contracts";
import type { Classified } from "./classify.js";
import { hostPathMount, sharingNote } from "./mounts.js";
import { resolvePath, variablesIn } from "./placeholders.js";
import { proposeEgress, proposeRisk } from "./risk.js";
import type { ScanRecord } from "./scan.js";

/** A package resolved to the exact version the image will hold, or why it cannot be. */
export type Resolution = { name: string; version: string } | { error: string };

export interface PlanDeps {
  /** Names a migrated server may not take: the hub's servers and the built-ins' reserved names. */
  takenNames(): Set<string>;
  /** The tag the local registry gives repository:tag (with the port really in use). */
  imageName(repository: string, tag: string): string;
  resolveNpm(spec: string): Promise<Resolution>;
  resolvePython(spec: string): Promise<Resolution>;
  /** Whether a remote server answers without OAuth (which the hub cannot do for it yet). */
  probeRemote(
    url: string,
    headers: Record<string, string>,
  ): Promise<{ needsOAuth: boolean; detail?: string }>;
}

/** Server names: lowercase letters, digits and dashes, 1-32 characters, as the hub wants them. */
export function toServerName(entryName: string): string {
  const name = entryName
    .toLowerCase()
    .replace(/^@[^/]+\//, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 32)
    .replace(/-+$/, "");
  return name || "server";
}

/** A name not taken yet: the entry's own, else with -2, -3, … */
function uniqueName(wanted: string, taken: Set<string>): string {
  if (!taken.has(wanted)) return wanted;
  for (let n = 2; ; n++) {
    const suffix = `-${n}`;
    const name = `${wanted.slice(0, 32 - suffix.length)}${suffix}`;
    if (!taken.has(name)) return name;
  }
}

/** The secret that holds a server's variable: its own, so two servers' API_KEY never meet. */
export function secretNameFor(server: string, variable: string): string {
  // Secret names follow env-var rules; a header's name (X-Api-Key) does not.
  return `${server.toUpperCase().replace(/-/g, "_")}__${variable.replace(/[^A-Za-z0-9_]/g, "_")}`;
}

type Skip = { skip: string };

/**
 * What each scanned entry becomes: a name, the package at an exact version (resolved now), its image tag, secrets
 * for its environment, bind mounts for its path arguments, network and a proposed risk level — or why it will not
 * migrate. Changes nothing anywhere.
 */
export async function planMigration(
  record: ScanRecord,
  choicesIn: Record<string, Choice>,
  deps: PlanDeps,
): Promise<Plan> {
  const taken = deps.takenNames();
  const servers: PlannedServer[] = [];
  const skipped: Plan["skipped"] = [];
  const platform = record.scan.platform as Platform;
  for (const file of record.scan.files) {
    if (file.status !== "ok") continue;
    for (const candidate of file.candidates) {
      const choice = choiceSchema.parse(choicesIn[candidate.key] ?? {});
      const skip = (reason: string) =>
        skipped.push({ key: candidate.key, entryName: candidate.entryName, file: candidate.file, reason });
      if (candidate.isHub) skip("it is the hub's own entry");
      else if (!choice.include) skip("you left it out");
      else if (candidate.kind === "unmigratable") skip(candidate.reason ?? "it cannot migrate");
      else {
        const classified = record.classified.get(candidate.key)!;
        const wanted = choice.name ?? toServerName(candidate.entryName);
        const name = uniqueName(wanted, taken);
        const planned = await planServer(candidate, classified, choice, {
          ...deps,
          platform,
          home: record.home,
          name,
        });
        if ("skip" in planned) skip(planned.skip);
        else {
          taken.add(name);
          servers.push({
            ...planned,
            ...(name !== candidate.entryName ? { renamedFrom: candidate.entryName } : {}),
          });
        }
      }
    }
  }
  return { id: randomUUID(), scan: record.scan.id, createdAt: new Date().toISOString(), servers, skipped };
}

async function planServer(
  candidate: Candidate,
  classified: Classified,
  choice: ReturnType<typeof choiceSchema.parse>,
  deps: PlanDeps & { platform: Platform; home?: string; name: string },
): Promise<PlannedServer | Skip> {
  const { name, platform } = deps;
  const notes: string[] = [];
  const source = candidate.source!;
  let version: string | undefined;
  let resolved = source;
  let oauth = false;
  if (candidate.kind === "npm" || candidate.kind === "python") {
    const found = await (candidate.kind === "npm" ? deps.resolveNpm(source) : deps.resolvePython(source));
    if ("error" in found) return { skip: found.error };
    version = found.version;
    resolved = `${found.name}@${found.version}`;
  }
  if (candidate.kind === "remote") {
    const probe = await deps.probeRemote(source, classified.headers);
    if (probe.needsOAuth) {
      oauth = true;
      notes.push(
        `it wants an OAuth sign-in${probe.detail ? ` (${probe.detail})` : ""}: the hub adds it waiting for you to authorize it once (Authorize in the dashboard, or mcp-hub server auth ${name}), then keeps its tokens fresh`,
      );
    } else if (probe.detail) notes.push(probe.detail);
  }

  // Path arguments become bind mounts: the same path inside (or the docker entry's own target), read-only unless allowed.
  const mounts: PlannedServer["mounts"] = [];
  const pathMap = new Map<string, string>();
  for (const path of candidate.paths) {
    const local = resolvePath(path.path, { home: deps.home, workspaceFolder: choice.workspaceFolder });
    if (!local)
      return {
        skip: variablesIn(path.path).workspace
          ? `${path.path} stands for a folder only the client knows: pick the folder it should be`
          : `${path.path} needs your home folder, which the scan did not say`,
      };
    const bound = hostPathMount(local, platform);
    const target = path.target ?? bound.target;
    mounts.push({
      source: bound.source,
      target,
      writable: path.writable || choice.writable.includes(path.path),
    });
    pathMap.set(path.path, target);
    const sharing = sharingNote(local, platform, deps.home);
    if (sharing) notes.push(sharing);
  }
  const args = candidate.args.map((arg) => pathMap.get(arg) ?? arg);

  const secretEnv = Object.fromEntries(candidate.envNames.map((env) => [env, secretNameFor(name, env)]));
  // A remote server's values are its headers.
  const values = candidate.kind === "remote" ? classified.headers : classified.env;
  for (const [env, value] of Object.entries(values)) {
    const fromEnv = variablesIn(value).env;
    if (fromEnv.length)
      notes.push(
        `${env} comes from your environment (\${env:${fromEnv[0]}}): set it with \`mcp-hub secret set ${secretEnv[env]}\` before it starts`,
      );
  }
  const egress =
    choice.egress ??
    proposeEgress({
      source,
      entryName: candidate.entryName,
      secrets: candidate.envNames.length,
      kind: candidate.kind,
    });
  const proposed = proposeRisk({
    source,
    entryName: candidate.entryName,
    mounts: mounts.length,
    secrets: candidate.envNames.length,
    egress,
  });
  const tag =
    candidate.kind === "image"
      ? (/:([\w][\w.-]{0,127})$/.exec(source.split("@")[0]!.replace(/^[^/]*:\d+\//, ""))?.[1] ?? "latest")
      : (version ?? "local");
  return {
    key: candidate.key,
    name,
    kind: candidate.kind as PlannedServer["kind"],
    source: resolved,
    version,
    image: candidate.kind === "remote" ? undefined : deps.imageName(`mcp/${name}`, tag),
    args,
    secretEnv,
    mounts,
    egress,
    risk: choice.risk ?? proposed.risk,
    riskReason: choice.risk ? "chosen" : proposed.reason,
    notes,
    ...(oauth ? { oauth } : {}),
  };
}

import { errorMessage } from "../errors/index.js";
import type {
  ClientStatus,
  ConnectPreview,
  ConnectResult,
  DisconnectPreview,
  DisconnectResult,
  RestoreResult,
} from "@mcp-hub/contracts";
import type { Logger } from "../log/index.js";
import {
  backupOnce,
  ensureParentDir,
  pathExists,
  readSnapshot,
  readText,
  removeFile,
  writeAtomic,
  type FileSnapshot,
} from "./configFile.js";
import { CLIENTS } from "./definitions/index.js";
import { renderDiff } from "./diffText.js";
import {
  ClientConfigBusy,
  ClientConfigInvalid,
  ClientEntryConflict,
  ClientOptionUnsupported,
} from "./errors.js";
import type { SyntaxProblem } from "./jsonDoc.js";
import { entryStatus, ownServerCount, planConnect, planDisconnect, type ConnectPlan } from "./plan.js";
import { resolveTarget, type Target, type TargetOptions } from "./target.js";
import type { Scope, Transport } from "./types.js";

/** Re-plan when the client rewrote its file between our read and our write (Claude Code does so while running). */
const WRITE_ATTEMPTS = 3;

export interface ConnectOptions extends TargetOptions {
  /** Default "stdio" (the bridge): works without any token set up on the client side. */
  transport?: Transport;
  /** Replace an entry of our name that we did not write. */
  force?: boolean;
  log?: Logger;
}

export interface DisconnectOptions extends TargetOptions {
  force?: boolean;
  log?: Logger;
}

function invalid(target: Target, problem: SyntaxProblem): ClientConfigInvalid {
  return new ClientConfigInvalid(target.file, problem.line, problem.column, problem.message);
}

function transportFor(target: Target, transport: Transport | undefined): Transport {
  const chosen = transport ?? "stdio";
  if (!target.def.transports.includes(chosen)) {
    throw new ClientOptionUnsupported(
      `${target.def.displayName} supports ${target.def.transports.join(", ")} only: it cannot use the hub over ${chosen} without a plain-text token in its config`,
    );
  }
  return chosen;
}

/** Only steers the UI's restore button, so a backup we cannot stat counts as absent rather than failing the list. */
async function backupExists(target: Target): Promise<boolean> {
  try {
    return await pathExists(target.localBackup);
  } catch {
    return false;
  }
}

export async function detectClients(
  options: Omit<TargetOptions, "scope"> & { scope?: Scope },
): Promise<ClientStatus[]> {
  const scope = options.scope ?? "user";
  const results: ClientStatus[] = [];
  for (const def of CLIENTS) {
    if (!def.scopes.includes(scope)) continue;
    const target = await resolveTarget(def.id, options);
    const base = {
      client: def.id,
      displayName: def.displayName,
      scope,
      installed: target.installed,
      file: target.file,
      hasBackup: await backupExists(target),
      transports: [...def.transports],
      afterChange: def.afterChange,
    };
    let text: string | null;
    try {
      text = await readText(target.localFile);
    } catch (err) {
      // One unreadable file must not hide the other clients.
      results.push({
        ...base,
        fileExists: true,
        status: "invalid",
        error: { file: target.file, line: 0, column: 0, message: errorMessage(err) },
      });
      continue;
    }
    const status = entryStatus(text, target.plan);
    const fileExists = text !== null;
    if (status.status === "invalid")
      results.push({
        ...base,
        fileExists,
        status: "invalid",
        error: { file: target.file, ...status.problem },
      });
    else results.push({ ...base, fileExists, servers: ownServerCount(text, target.plan), ...status });
  }
  return results;
}

async function planFor(
  target: Target,
  options: ConnectOptions,
): Promise<{ snapshot: FileSnapshot | null; plan: ConnectPlan }> {
  const snapshot = await readSnapshot(target.localFile);
  const plan = planConnect(snapshot?.text ?? null, target.plan, {
    transport: transportFor(target, options.transport),
    force: options.force ?? false,
  });
  if (plan.kind === "invalid") throw invalid(target, plan.problem);
  return { snapshot, plan };
}

export async function previewConnect(client: string, options: ConnectOptions): Promise<ConnectPreview> {
  const target = await resolveTarget(client, options);
  const { snapshot, plan } = await planFor(target, options);
  if (plan.kind === "conflict")
    return { status: "conflicting", file: target.file, existing: plan.existing, diff: "" };
  if (plan.kind !== "write") return { status: "unchanged", file: target.file, diff: "" };
  return {
    status: "change",
    file: target.file,
    created: snapshot === null,
    diff: renderDiff(target.file, snapshot?.text ?? null, plan.text),
  };
}

export async function connect(client: string, options: ConnectOptions): Promise<ConnectResult> {
  const target = await resolveTarget(client, options);
  const backup = async (): Promise<string | undefined> =>
    (await readText(target.localBackup)) === null ? undefined : target.backup;
  for (let attempt = 1; ; attempt++) {
    const { snapshot, plan } = await planFor(target, options);
    if (plan.kind === "conflict")
      throw new ClientEntryConflict(target.file, target.plan.ctx.options.entryName);
    if (plan.kind !== "write")
      return { status: "unchanged", file: target.file, backup: await backup(), diff: "" };
    const diff = renderDiff(target.file, snapshot?.text ?? null, plan.text);
    if (snapshot === null) {
      const owner = await ensureParentDir(target.localFile);
      // A file that appeared since our read is re-planned rather than overwritten.
      if ((await readSnapshot(target.localFile)) !== null) {
        if (attempt < WRITE_ATTEMPTS) continue;
        throw new ClientConfigBusy(target.file);
      }
      await writeAtomic(target.localFile, plan.text, { mode: target.newFileMode, owner });
    } else {
      await backupOnce(snapshot, target.localBackup);
      if ((await readText(snapshot.realPath)) !== snapshot.text) {
        if (attempt < WRITE_ATTEMPTS) continue;
        throw new ClientConfigBusy(target.file);
      }
      await writeAtomic(snapshot.realPath, plan.text, { mode: snapshot.mode, owner: snapshot });
    }
    options.log?.info(
      { mod: "clients", client: target.def.id, file: target.file, created: snapshot === null },
      "client connected to hub",
    );
    return {
      status: "written",
      file: target.file,
      created: snapshot === null,
      backup: await backup(),
      diff,
      afterChange: target.def.afterChange,
    };
  }
}

async function planDisconnectFor(target: Target, options: DisconnectOptions) {
  const snapshot = await readSnapshot(target.localFile);
  const backupText = await readText(target.localBackup);
  const plan = planDisconnect(snapshot?.text ?? null, backupText, target.plan, {
    force: options.force ?? false,
  });
  if (plan.kind === "invalid") throw invalid(target, plan.problem);
  return { snapshot, plan };
}

export async function previewDisconnect(
  client: string,
  options: DisconnectOptions,
): Promise<DisconnectPreview> {
  const target = await resolveTarget(client, options);
  const { snapshot, plan } = await planDisconnectFor(target, options);
  const before = snapshot?.text ?? null;
  switch (plan.kind) {
    case "conflict":
      return { status: "conflicting", file: target.file, existing: plan.existing, diff: "" };
    case "unchanged":
      return { status: "unchanged", file: target.file, diff: "" };
    case "delete":
      return { status: "remove-file", file: target.file, diff: renderDiff(target.file, before, null) };
    case "write":
      return { status: "change", file: target.file, diff: renderDiff(target.file, before, plan.text) };
  }
}

export async function disconnect(client: string, options: DisconnectOptions): Promise<DisconnectResult> {
  const target = await resolveTarget(client, options);
  const { snapshot, plan } = await planDisconnectFor(target, options);
  if (plan.kind === "conflict") throw new ClientEntryConflict(target.file, target.plan.ctx.options.entryName);
  if (plan.kind === "unchanged" || snapshot === null)
    return { status: "unchanged", file: target.file, diff: "" };
  const log = options.log?.child({ mod: "clients", client: target.def.id, file: target.file });
  if (plan.kind === "delete") {
    await removeFile(snapshot.realPath);
    log?.info("client disconnected; removed the config file connect had created");
    return {
      status: "removed",
      file: target.file,
      diff: renderDiff(target.file, snapshot.text, null),
      afterChange: target.def.afterChange,
    };
  }
  if (!plan.fromBackup) await backupOnce(snapshot, target.localBackup);
  await writeAtomic(snapshot.realPath, plan.text, { mode: snapshot.mode, owner: snapshot });
  // The original is back, so the backup has served; keeping it would let a later restore undo the user's future edits.
  if (plan.fromBackup) await removeFile(target.localBackup);
  log?.info({ restoredBackup: plan.fromBackup }, "client disconnected from hub");
  const backup = plan.fromBackup ? undefined : target.backup;
  return {
    status: "written",
    file: target.file,
    restoredBackup: plan.fromBackup,
    backup,
    diff: renderDiff(target.file, snapshot.text, plan.text),
    afterChange: target.def.afterChange,
  };
}

/** Puts the backup taken before our first change back (atomically) and consumes it. */
export async function restore(
  client: string,
  options: TargetOptions & { log?: Logger },
): Promise<RestoreResult> {
  const target = await resolveTarget(client, options);
  const backupText = await readText(target.localBackup);
  if (backupText === null) return { status: "no-backup", file: target.file, backup: target.backup };
  const snapshot = await readSnapshot(target.localFile);
  const backupInfo = await readSnapshot(target.localBackup);
  const mode = snapshot?.mode ?? backupInfo?.mode ?? target.newFileMode;
  if (snapshot === null) await ensureParentDir(target.localFile);
  await writeAtomic(snapshot?.realPath ?? target.localFile, backupText, {
    mode,
    owner: snapshot ?? backupInfo ?? undefined,
  });
  await removeFile(target.localBackup);
  options.log?.info(
    { mod: "clients", client: target.def.id, file: target.file },
    "client config restored from backup",
  );
  return {
    status: "restored",
    file: target.file,
    backup: target.backup,
    diff: renderDiff(target.file, snapshot?.text ?? null, backupText),
    afterChange: target.def.afterChange,
  };
}

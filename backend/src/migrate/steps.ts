import {
  serverConfigSchema,
  type MigrationStep,
  type PlannedServer,
  type ServerConfig,
} from "@mcp-hub/contracts";
import type { ServerContext } from "./context.js";
import { StepFailure } from "./failures.js";
import { variablesIn } from "./placeholders.js";
import { markMoved } from "./secretKeeping.js";
import type { ServerChanges } from "./store.js";
import { validateServer } from "./validation.js";

const HANDSHAKE_TIMEOUT_MS = 60_000; // a package's first start (npx/uvx caches are warm in the image) stays well under
const DESCRIPTION_MAX = 500; // the server config's limit

/** The steps a server goes through: a remote one has no image to build, push or try. */
export function stepsFor(server: PlannedServer): MigrationStep[] {
  return server.kind === "remote"
    ? ["secrets", "deploy", "validate", "rewrite"]
    : ["secrets", "build", "push", "handshake", "deploy", "validate", "rewrite"];
}

export const changesOf = (ctx: ServerContext): ServerChanges =>
  (ctx.stored.changes[ctx.planned.key] ??= { secrets: [] });

/** Runs one step (build also does push, which the caller marks with it). */
export async function runStep(step: MigrationStep, ctx: ServerContext): Promise<void> {
  switch (step) {
    case "secrets":
      return storeSecrets(ctx);
    case "build":
    case "push":
      return build(ctx);
    case "handshake":
      return handshake(ctx);
    case "deploy":
      return deploy(ctx);
    case "validate":
      return validateServer(ctx, changesOf(ctx).tools);
    case "rewrite":
      throw new Error("rewrites are done per file, after every server of the run");
  }
}

/** The entry's values into the secret store under the plan's names; then they are kept nowhere else. */
async function storeSecrets(ctx: ServerContext): Promise<void> {
  const { planned, classified } = ctx;
  const values = planned.kind === "remote" ? classified.headers : classified.env;
  const existing = new Set(await ctx.deps.secrets.names());
  const toStore: Record<string, string> = {};
  const missing: string[] = [];
  for (const [variable, secret] of Object.entries(planned.secretEnv)) {
    const value = values[variable];
    // `${env:X}` is the client's environment, unknown here: the user sets the secret (the plan's notes say how).
    if (value !== undefined && !variablesIn(value).env.length) toStore[secret] = value;
    else if (!existing.has(secret))
      missing.push(value === undefined ? secret : `${secret} (${variable} is ${value} on your machine)`);
  }
  if (missing.length)
    throw new StepFailure(
      `${planned.name} needs secret${missing.length > 1 ? "s" : ""} the hub does not have: ${missing.join(", ")}`,
      `set ${missing.length > 1 ? "each" : "it"} with \`mcp-hub secret set NAME\`, then run the plan again for ${planned.name}`,
    );
  const changes = changesOf(ctx);
  // Noted before written: a hub stopped in between still removes them on rollback.
  changes.secrets = [...new Set([...changes.secrets, ...Object.keys(toStore)])];
  await ctx.save();
  for (const [secret, value] of Object.entries(toStore)) await ctx.deps.secrets.set(secret, value);
  await markMoved(ctx, toStore);
  ctx.log("secrets", `${Object.keys(planned.secretEnv).length} value(s) in the secret store`);
}

async function build(ctx: ServerContext): Promise<void> {
  const { planned, deps } = ctx;
  const packager = deps.packager;
  if (!packager)
    throw new StepFailure(
      `${planned.name} needs an image built, and this hub has no packaging`,
      "run a hub image that packages servers (Docker Desktop's extension or `make run`); remote servers migrate without it",
    );
  const registry = deps.registryStatus?.();
  if (registry && registry.state !== "running" && registry.state !== "collecting")
    throw new StepFailure(
      `the local registry is ${registry.state}${registry.state === "failed" ? ` (${registry.error})` : ""}, so the image of ${planned.name} has nowhere to go`,
      registry.state === "disabled"
        ? "run the hub with its registry (HUB_REGISTRY_IMAGE, as Docker Desktop's extension and `make run` do)"
        : `check Settings → Registry (a port taken: choose another), then run the plan again for ${planned.name}`,
    );
  let scriptContext: Buffer | undefined;
  if (planned.kind === "script") {
    scriptContext = await deps.store.context(ctx.scan.scan.id, planned.key);
    if (!scriptContext) throw folderNotSent(ctx);
  }
  const built = await packager.build(planned, {
    onLog: (line) => ctx.log("build", line),
    signal: ctx.signal,
    scriptContext,
  });
  changesOf(ctx).image = built.image;
  ctx.log("push", built.reused ? `${built.image} was there already: reused` : `${built.image} pushed`);
}

/**
 * Why a script has nothing to build from. The CLI runs no script whose folder it could not send, so a refused one is
 * said as the dashboard (or whoever started the run through the API) can act on it.
 */
function folderNotSent({ planned, scan }: ServerContext): StepFailure {
  const refused = scan.scan.folders?.find((f) => f.key === planned.key);
  if (refused?.status !== "refused")
    return new StepFailure(
      `the folder of ${planned.source} was not sent with the scan, so there is nothing to build ${planned.name} from`,
      "scan again with the host helper (mcp-hub-host migrate scan) or the dashboard, which send a local script's folder, then plan and run",
    );
  if (refused.needsWorkspaceFolder)
    return new StepFailure(
      `${planned.source} starts at a folder only the client knows, so its folder was not sent`,
      "point the entry at the script's full path, then scan again, plan and run",
    );
  return new StepFailure(
    `the folder of ${planned.source} could not be packed: ${refused.reason}`,
    "then scan again, plan and run",
  );
}

async function handshake(ctx: ServerContext): Promise<void> {
  const { planned, deps } = ctx;
  // By secret name, as the store answers: the packager gives each variable its secret (planned.secretEnv).
  const secrets = await deps.secrets.get(Object.values(planned.secretEnv));
  const answered = await deps.packager!.handshake(planned, {
    secrets,
    signal: ctx.signal,
    timeoutMs: deps.timeouts?.handshakeMs ?? HANDSHAKE_TIMEOUT_MS,
  });
  changesOf(ctx).tools = answered.tools;
  ctx.log("handshake", `initialize answered; tools: ${answered.tools.join(", ") || "(none)"}`);
}

/** How the hub's entry for a migrated server says where it came from; a resumed run knows its own by it. */
export function descriptionFor(ctx: ServerContext): string {
  const { candidate } = ctx.classified;
  const text = `Migrated by run ${ctx.stored.run.id} from the "${candidate.entryName}" entry of ${candidate.file} (${ctx.planned.source})`;
  return text.length > DESCRIPTION_MAX ? `${text.slice(0, DESCRIPTION_MAX - 1)}…` : text;
}

/** The server as the hub keeps it: the plan's image (or URL), arguments, secrets by name, mounts and risk. */
export function serverConfigFor(ctx: ServerContext): ServerConfig {
  const { planned } = ctx;
  const common = { name: planned.name, risk: planned.risk, audit: true, description: descriptionFor(ctx) };
  if (planned.kind === "remote")
    return serverConfigSchema.parse({
      ...common,
      kind: "remote",
      url: planned.source,
      headerSecrets: planned.secretEnv,
      ...(planned.oauth ? { oauth: {} } : {}),
    });
  return serverConfigSchema.parse({
    ...common,
    kind: "image",
    image: changesOf(ctx).image ?? planned.image,
    transport: "stdio",
    ...(planned.args.length ? { command: planned.args } : {}),
    secretEnv: planned.secretEnv,
    mounts: planned.mounts.map((m) => ({ source: m.source, target: m.target, readOnly: !m.writable })),
    egress: planned.egress,
  });
}

/** True when the hub has this run's server of that name (a resumed run does not deploy it twice). */
export function isDeployed(ctx: ServerContext): boolean {
  const view = ctx.deps.control.servers().find((s) => s.name === ctx.planned.name);
  return view?.config?.description === descriptionFor(ctx);
}

async function deploy(ctx: ServerContext): Promise<void> {
  const { planned, deps } = ctx;
  if (isDeployed(ctx)) return ctx.log("deploy", `${planned.name} is in the hub already`);
  if (deps.control.servers().some((s) => s.name === planned.name))
    throw new StepFailure(
      `a server named ${planned.name} was added to the hub after the plan was made`,
      `plan again (the new plan names it ${planned.name}-2), or give it another name in the plan's choices`,
    );
  const view = await deps.control.add(serverConfigFor(ctx));
  ctx.log("deploy", `added to the hub: ${view.state}`);
}

import { errorMessage } from "../errors/index.js";
import type { ServerContext } from "./context.js";
import { refillLedger } from "./secretKeeping.js";
import { changesOf, isDeployed } from "./steps.js";

/**
 * Takes a server's part of a run out of the hub: its server entry, then its image tag (the registry refuses a tag in
 * use), then its secrets — the kept file text filled back from them first. Safe to repeat: a hub stopped half-way
 * does it again on resume. Resolves with what could not be undone, each with how to finish it by hand.
 */
export async function undoServer(ctx: ServerContext): Promise<string[]> {
  const { planned, deps } = ctx;
  const changes = changesOf(ctx);
  changes.rollingBack = true;
  await ctx.save();
  const left: string[] = [];
  if (isDeployed(ctx)) {
    try {
      await deps.control.remove(planned.name);
    } catch (error) {
      left.push(`its hub entry stays (${errorMessage(error)}): mcp-hub server rm ${planned.name}`);
    }
  }
  if (planned.kind !== "remote" && deps.packager) {
    try {
      await deps.packager.removeImage(planned);
    } catch (error) {
      // Only worth saying when an image was made: a failed build leaves nothing to remove.
      if (changes.image)
        left.push(`its image ${changes.image} stays (${errorMessage(error)}): delete it under Registry`);
    }
  }
  await refillLedger(ctx, ctx.classified.candidate, changes.secrets);
  for (const secret of changes.secrets) await deps.secrets.remove(secret);
  changes.secrets = [];
  delete changes.image;
  delete changes.tools;
  changes.rollingBack = false;
  await ctx.save();
  return left;
}

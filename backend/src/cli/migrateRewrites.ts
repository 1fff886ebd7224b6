import type { RewriteOutcome, RewritesResponse, Run } from "@mcp-hub/contracts";
import { findClient, resolveTarget, rewriteConfigFile, type EnvContext } from "../clients/index.js";
import { callApi, type HubConnection } from "./hubClient.js";

/** What became of one rewrite the run waited for. */
export type AppliedRewrite = { file: string } & (
  | { status: "written"; backup: string }
  | { status: "changed-since-scan" | "failed"; error: string }
  /** Not a client file of this machine (a dashboard upload, another home): left for whoever scanned it. */
  | { status: "left"; reason: string }
);

/** The user-scope file a client has here, which is the only file of that client this command writes. */
async function clientFileHere(origin: string, env: EnvContext): Promise<string | undefined> {
  if (!findClient(origin)) return undefined;
  return (await resolveTarget(origin, { env, scope: "user" })).file;
}

/**
 * Writes the client files a run waits for, here where they are: each only if it still has the text the hub
 * computed from (sha256), the first backup kept (`<file>.mcp-hub.bak`: the clients module's), atomically with its
 * mode and owner — then tells the hub what happened, so it marks the servers migrated (or rolled back, or undoes
 * them when a file changed meanwhile). Resolves with each rewrite's outcome and the run as it is now.
 */
export async function applyRewrites(
  connection: HubConnection,
  runId: string,
  env: EnvContext,
): Promise<{ applied: AppliedRewrite[]; run?: Run }> {
  const id = encodeURIComponent(runId);
  const { rewrites } = await callApi<RewritesResponse>(connection, "GET", `/migrate/runs/${id}/rewrites`);
  const applied: AppliedRewrite[] = [];
  const outcomes: RewriteOutcome["outcomes"] = [];
  for (const rewrite of rewrites) {
    const { file } = rewrite;
    // Only a file this command would have scanned: the hub names files, and this side decides what it touches.
    if (rewrite.origin === "upload" || (await clientFileHere(rewrite.origin, env)) !== file) {
      applied.push({ file, status: "left", reason: "not a client file of this machine" });
      continue;
    }
    const result = await rewriteConfigFile({
      env,
      file,
      expectedSha256: rewrite.expectedSha256,
      text: rewrite.text,
    });
    applied.push({ file, ...result });
    outcomes.push(
      result.status === "written"
        ? { file, status: "written", backup: result.backup }
        : { file, status: result.status, error: result.error },
    );
  }
  if (!outcomes.length) return { applied };
  const run = await callApi<Run>(connection, "POST", `/migrate/runs/${id}/rewrites`, { outcomes });
  return { applied, run };
}

import { existsSync } from "node:fs";
import type { Platform, Rewrite, ScanOrigin } from "@mcp-hub/contracts";
import {
  findClient,
  mountedEnvContext,
  placeholderEnv,
  planConnect,
  resolveHubEntryOptions,
  rewriteConfigFile,
  type EnvContext,
  type HostMountFromEnv,
  type HubEntryOptions,
  type PlanContext,
} from "../clients/index.js";
import type { AddHubEntry, RunnerDeps } from "./context.js";

/**
 * The client files of a run as the clients module edits them: the hub's entry exactly as `connect` writes it, and
 * the write itself — here, when the hub's container has the user's home (HUB_HOST_HOME…), else by the host side.
 */
export function clientFiles(options: {
  host: HostMountFromEnv;
  hub?: Partial<HubEntryOptions>;
}): Pick<RunnerDeps, "hubEntry" | "writeFile"> {
  const { host } = options;
  const hubOptions = resolveHubEntryOptions(options.hub);
  const envFor = (platform: Platform, home: string | undefined): EnvContext =>
    host.ok && host.mount.platform === platform
      ? mountedEnvContext(host.mount)
      : { platform, home: home ?? placeholderEnv(platform).home, env: {} };

  const hubEntry = (
    origin: ScanOrigin,
    platform: Platform,
    home: string | undefined,
  ): AddHubEntry | undefined => {
    const def = origin === "upload" ? undefined : findClient(origin);
    if (!def) return undefined; // an uploaded file of no known client: its user connects it
    const plan: PlanContext = {
      def,
      ctx: { options: hubOptions, env: envFor(platform, home), scope: "user" },
    };
    return (text) => {
      const planned = planConnect(text, plan, { transport: "stdio", force: false });
      switch (planned.kind) {
        case "write":
          return { text: planned.text, added: true };
        case "unchanged":
          return { text, added: false };
        case "conflict":
          throw new Error(
            `it has an entry named "${hubOptions.entryName}" that is not the hub's: rename that entry, then scan again`,
          );
        case "invalid":
          throw new Error(
            `line ${planned.problem.line}, column ${planned.problem.column}: ${planned.problem.message}`,
          );
      }
    };
  };

  const writeFile = async (rewrite: Rewrite, platform: Platform) => {
    // An upload may be a copy of the file; and a file outside the mounted home is the host side's to write.
    if (!host.ok || host.mount.platform !== platform || rewrite.origin === "upload") return undefined;
    const env = mountedEnvContext(host.mount);
    if (!existsSync(env.toLocalPath!(rewrite.file))) return undefined;
    return rewriteConfigFile({
      env,
      file: rewrite.file,
      expectedSha256: rewrite.expectedSha256,
      text: rewrite.text,
    });
  };

  return { hubEntry, writeFile: host.ok ? writeFile : undefined };
}

import {
  HOST_HELPERS,
  type ClientSetup,
  type ClientSetupGuide,
  type ClientSetupOption,
} from "@mcp-hub/contracts";
import { CLIENTS } from "./definitions/index.js";
import { resolveHubEntryOptions } from "./entries.js";
import { planConnect, type PlanContext } from "./plan.js";
import { usualCandidate } from "./target.js";
import type { ClientId, EnvContext, HubEntryOptions, Platform, Transport } from "./types.js";

/**
 * How to wire each client by hand, for when nothing can write the user's files (a hub without the user's home, a
 * Desktop without its host helper). Built by the same entry builder and planner `connect` uses, so the text shown
 * is what `connect` would write, and the host helper command is the one that writes it for the user.
 */

/** The host helper's path per platform: one table, in the contracts, for the hub and the dashboard. */
export { HOST_HELPERS };

/** Where paths start when the user's home is unknown: how each platform's users write it. */
export const HOME_PLACEHOLDER: Readonly<Record<Platform, string>> = {
  linux: "~",
  darwin: "~",
  win32: "%USERPROFILE%",
};

/** The EnvContext of a machine we know only the platform of: paths start at the placeholder home. */
export function placeholderEnv(platform: Platform): EnvContext {
  return { platform, home: HOME_PLACEHOLDER[platform], env: {} };
}

function hostHelperCommand(platform: Platform, client: ClientId, transport: Transport): string {
  return [
    HOST_HELPERS[platform],
    "connect",
    client,
    ...(transport === "stdio" ? [] : ["--transport", transport]),
  ].join(" ");
}

/** Every client's manual setup for one machine. Pure: reads no file, so it works wherever the hub runs. */
export function clientSetup(options: {
  env: EnvContext;
  hub?: Partial<HubEntryOptions>;
  exactHome: boolean;
}): ClientSetupGuide {
  const { env } = options;
  const hubOptions = resolveHubEntryOptions(options.hub);
  const clients = CLIENTS.filter((def) => def.scopes.includes("user")).map((def): ClientSetup => {
    const plan: PlanContext = { def, ctx: { options: hubOptions, env, scope: "user" } };
    const file = usualCandidate(def.userConfig(env)).file;
    const setupOptions = def.transports.map((transport): ClientSetupOption => {
      const planned = planConnect(null, plan, { transport, force: false });
      if (planned.kind !== "write")
        throw new Error(`connect plans no new file for ${def.id} (${planned.kind})`);
      return {
        transport,
        entry: def.entry(transport, plan.ctx),
        newFile: planned.text,
        command: hostHelperCommand(env.platform, def.id, transport),
        ...(transport === "http"
          ? {
              token: def.companionInput
                ? { from: "prompt" as const }
                : { from: "env" as const, name: hubOptions.tokenEnvVar },
            }
          : {}),
      };
    });
    return {
      client: def.id,
      displayName: def.displayName,
      file,
      serversPath: [...def.serversPath],
      entryName: hubOptions.entryName,
      options: setupOptions,
      afterChange: def.afterChange,
    };
  });
  return { platform: env.platform, home: env.home, exactHome: options.exactHome, clients };
}

import { HOST_HELPERS } from "@mcp-hub/contracts";
import { CLIENTS } from "./definitions/index.js";
import { resolveHubEntryOptions } from "./entries.js";
import { planConnect, type PlanContext } from "./plan.js";
import { usualCandidate } from "./target.js";
import type { ClientId, EnvContext, HubEntryOptions, JsonObject, Platform, Transport } from "./types.js";

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

export interface ClientSetupOption {
  transport: Transport;
  /** Our entry, exactly as `connect` writes it under `serversPath` → `entryName`. */
  entry: JsonObject;
  /** The whole file `connect` creates where there is none (the entry in place, plus VS Code's token input). */
  newFile: string;
  /** The host helper command that writes this entry for the user. */
  command: string;
  /** HTTP entries refer to the token without holding it: a variable the client reads, or a prompt (VS Code). */
  token?: { from: "env"; name: string } | { from: "prompt" };
}

export interface ClientSetup {
  client: ClientId;
  displayName: string;
  /** The config file `connect` creates on a machine where the client has left no trace yet. */
  file: string;
  serversPath: string[];
  entryName: string;
  /** In the definition's order: stdio (the bridge, which needs no token on the client side) first. */
  options: ClientSetupOption[];
  afterChange: string;
}

export interface ClientSetupGuide {
  platform: Platform;
  /** The home the paths start at: the user's own when known, else HOME_PLACEHOLDER. */
  home: string;
  /** False when `home` is a placeholder the user must read as their own home. */
  exactHome: boolean;
  clients: ClientSetup[];
}

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

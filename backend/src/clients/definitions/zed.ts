import { bridgeCommand } from "../entries.js";
import { joinFor, winAppData, xdgConfigHome } from "../envPaths.js";
import type { ClientDefinition } from "../types.js";

/**
 * Zed keeps context servers in its JSONC settings.json. Stdio only: its remote entries have no documented
 * variable expansion for headers, so HTTP would put the token in the file.
 */
export const zed: ClientDefinition = {
  id: "zed",
  displayName: "Zed",
  serversPath: ["context_servers"],
  scopes: ["user"],
  transports: ["stdio"],
  userConfig(env) {
    // Zed uses ~/.config/zed on macOS too, not ~/Library.
    const dir =
      env.platform === "win32"
        ? joinFor(env, winAppData(env), "Zed")
        : joinFor(env, xdgConfigHome(env), "zed");
    return [{ file: joinFor(env, dir, "settings.json"), markers: [dir] }];
  },
  entry(_transport, ctx) {
    return { source: "custom", ...bridgeCommand(ctx, "zed") };
  },
  afterChange: "Zed reloads settings.json on save.",
};

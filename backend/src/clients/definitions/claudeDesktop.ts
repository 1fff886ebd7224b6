import { bridgeCommand, windowsDockerEnv } from "../entries.js";
import { appDataDir, joinFor, winLocalAppData, xdgConfigHome } from "../envPaths.js";
import type { ClientDefinition, ConfigCandidate, EnvContext } from "../types.js";

const FILE = "claude_desktop_config.json";
/** Package family name of the Microsoft Store (MSIX) build; it virtualises %APPDATA% under its package dir. */
const MSIX_PACKAGE = "Claude_pzs8sxrjxfjjc";

function userConfig(env: EnvContext): ConfigCandidate[] {
  switch (env.platform) {
    case "darwin": {
      const dir = joinFor(env, appDataDir(env), "Claude");
      return [{ file: joinFor(env, dir, FILE), markers: [dir, "/Applications/Claude.app"] }];
    }
    case "win32": {
      const local = winLocalAppData(env);
      const packageDir = joinFor(env, local, "Packages", MSIX_PACKAGE);
      const classicDir = joinFor(env, appDataDir(env), "Claude");
      // The Store build reads only its virtualised copy, so its package dir wins even if a classic file lingers.
      return [
        {
          file: joinFor(env, packageDir, "LocalCache", "Roaming", "Claude", FILE),
          markers: [packageDir],
          onlyIfPresent: true,
        },
        {
          file: joinFor(env, classicDir, FILE),
          markers: [classicDir, joinFor(env, local, "AnthropicClaude")],
        },
      ];
    }
    case "linux": {
      // Community builds use ~/.config/Claude; Docker's writer and some tools use lowercase.
      const upper = joinFor(env, xdgConfigHome(env), "Claude");
      const lower = joinFor(env, xdgConfigHome(env), "claude");
      return [
        { file: joinFor(env, upper, FILE), markers: [upper] },
        { file: joinFor(env, lower, FILE), markers: [lower] },
      ];
    }
  }
}

/** Claude Desktop: stdio only (remote servers are added as connectors in the app, not in this file). */
export const claudeDesktop: ClientDefinition = {
  id: "claude-desktop",
  displayName: "Claude Desktop",
  serversPath: ["mcpServers"],
  scopes: ["user"],
  transports: ["stdio"],
  userConfig,
  entry(_transport, ctx) {
    const base = bridgeCommand(ctx, "claude-desktop");
    return ctx.env.platform === "win32" ? { ...base, env: windowsDockerEnv(ctx) } : base;
  },
  afterChange: "Quit and restart Claude Desktop (closing the window is not enough) to load the change.",
};

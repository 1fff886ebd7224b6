import { bearer, bridgeCommand } from "../entries.js";
import { joinFor } from "../envPaths.js";
import type { ClientDefinition } from "../types.js";

/** Windsurf names the remote URL `serverUrl` and interpolates `${env:NAME}` in it and in headers. */
export const windsurf: ClientDefinition = {
  id: "windsurf",
  displayName: "Windsurf",
  serversPath: ["mcpServers"],
  scopes: ["user"],
  transports: ["stdio", "http"],
  userConfig(env) {
    const dir = joinFor(env, env.home, ".codeium", "windsurf");
    return [{ file: joinFor(env, dir, "mcp_config.json"), markers: [dir] }];
  },
  entry(transport, ctx) {
    if (transport === "http") {
      return { serverUrl: ctx.options.hubUrl, headers: bearer(`\${env:${ctx.options.tokenEnvVar}}`) };
    }
    return bridgeCommand(ctx, "windsurf");
  },
  afterChange: "Press refresh in Windsurf's MCP panel to load the change.",
};

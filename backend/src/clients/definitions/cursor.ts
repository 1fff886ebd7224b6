import { bearer, bridgeCommand } from "../entries.js";
import { joinFor } from "../envPaths.js";
import type { ClientDefinition } from "../types.js";

/** Cursor expands `${env:NAME}` in mcp.json, so the HTTP entry refers to the token without containing it. */
export const cursor: ClientDefinition = {
  id: "cursor",
  displayName: "Cursor",
  serversPath: ["mcpServers"],
  scopes: ["user", "project"],
  transports: ["stdio", "http"],
  userConfig(env) {
    // ~/.cursor on every OS (%USERPROFILE%\.cursor on Windows).
    const dir = joinFor(env, env.home, ".cursor");
    return [{ file: joinFor(env, dir, "mcp.json"), markers: [dir] }];
  },
  projectConfig(projectDir, env) {
    return joinFor(env, projectDir, ".cursor", "mcp.json");
  },
  entry(transport, ctx) {
    if (transport === "http")
      return { url: ctx.options.hubUrl, headers: bearer(`\${env:${ctx.options.tokenEnvVar}}`) };
    return bridgeCommand(ctx, "cursor");
  },
  afterChange: "Cursor reloads mcp.json; check Settings → MCP if the server does not appear.",
};

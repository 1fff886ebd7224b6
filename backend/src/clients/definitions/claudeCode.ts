import { bearer, bridgeCommand } from "../entries.js";
import { joinFor } from "../envPaths.js";
import type { ClientDefinition, JsonObject } from "../types.js";

/**
 * Claude Code: user servers live in ~/.claude.json (or $CLAUDE_CONFIG_DIR/.claude.json), project servers in .mcp.json.
 * It expands `${VAR}` in url and headers, so the HTTP entry names MCP_HUB_TOKEN instead of holding it.
 */
export const claudeCode: ClientDefinition = {
  id: "claude-code",
  displayName: "Claude Code",
  serversPath: ["mcpServers"],
  scopes: ["user", "project"],
  transports: ["stdio", "http"],
  userConfig(env) {
    const custom = env.env.CLAUDE_CONFIG_DIR;
    if (custom) return [{ file: joinFor(env, custom, ".claude.json"), markers: [custom] }];
    return [{ file: joinFor(env, env.home, ".claude.json"), markers: [joinFor(env, env.home, ".claude")] }];
  },
  projectConfig(projectDir, env) {
    return joinFor(env, projectDir, ".mcp.json");
  },
  entry(transport, ctx): JsonObject {
    if (transport === "http") {
      return { type: "http", url: ctx.options.hubUrl, headers: bearer(`\${${ctx.options.tokenEnvVar}}`) };
    }
    return { type: "stdio", ...bridgeCommand(ctx, "claude-code") };
  },
  // Claude Code rewrites ~/.claude.json while running; a session started before the change keeps its old list.
  afterChange: "Start a new Claude Code session (or run /mcp) to load the change.",
};

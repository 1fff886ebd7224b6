import { bearer, bridgeCommand } from "../entries.js";
import { appDataDir, joinFor } from "../envPaths.js";
import type { ClientDefinition, ClientId, EntryContext, JsonObject } from "../types.js";

/**
 * VS Code keeps servers under `servers` in a JSONC mcp.json. The HTTP entry's token comes from a `promptString`
 * input with `password: true`: VS Code asks once and stores it in its secret storage, never in the file.
 */
function vscodeLike(id: ClientId, displayName: string, dataDir: string): ClientDefinition {
  return {
    id,
    displayName,
    serversPath: ["servers"],
    scopes: ["user", "project"],
    transports: ["stdio", "http"],
    userConfig(env) {
      const user = joinFor(env, appDataDir(env), dataDir, "User");
      return [{ file: joinFor(env, user, "mcp.json"), markers: [user] }];
    },
    projectConfig(projectDir, env) {
      return joinFor(env, projectDir, ".vscode", "mcp.json");
    },
    entry(transport, ctx): JsonObject {
      if (transport === "http") {
        return {
          type: "http",
          url: ctx.options.hubUrl,
          headers: bearer(`\${input:${ctx.options.tokenInputId}}`),
        };
      }
      return { type: "stdio", ...bridgeCommand(ctx, id) };
    },
    companionInput(ctx: EntryContext) {
      return {
        id: ctx.options.tokenInputId,
        value: {
          type: "promptString",
          id: ctx.options.tokenInputId,
          description: "MCP Hub token",
          password: true,
        },
      };
    },
    afterChange: `${displayName} picks up mcp.json changes; start the server from the MCP view if it does not.`,
  };
}

export const vscode = vscodeLike("vscode", "VS Code", "Code");
export const vscodeInsiders = vscodeLike("vscode-insiders", "VS Code Insiders", "Code - Insiders");

import { bridgeCommand } from "../entries.js";
import { appDataDir, joinFor } from "../envPaths.js";
import type { ClientDefinition, ConfigCandidate, EnvContext } from "../types.js";

const EXTENSION = "saoudrizwan.claude-dev";
/** VS Code-family editors that can host the Cline extension, in the order we prefer them. */
const EDITORS = ["Code", "Code - Insiders", "Cursor", "VSCodium"];

function userConfig(env: EnvContext): ConfigCandidate[] {
  return EDITORS.map((editor) => {
    const storage = joinFor(env, appDataDir(env), editor, "User", "globalStorage", EXTENSION);
    return { file: joinFor(env, storage, "settings", "cline_mcp_settings.json"), markers: [storage] };
  });
}

/**
 * Cline: stdio only. Its remote entries take headers verbatim (no variable expansion), so HTTP would mean a
 * plain-text token in the file.
 */
export const cline: ClientDefinition = {
  id: "cline",
  displayName: "Cline",
  serversPath: ["mcpServers"],
  scopes: ["user"],
  transports: ["stdio"],
  userConfig,
  entry(_transport, ctx) {
    return bridgeCommand(ctx, "cline");
  },
  afterChange: "Cline reloads its MCP settings file automatically.",
};

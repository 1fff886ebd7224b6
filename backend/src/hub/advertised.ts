import type { ServerCapabilities } from "@modelcontextprotocol/sdk/types.js";
import type { DownstreamServer } from "../downstream/index.js";
import type { NameScope } from "./naming.js";

const EVERYTHING: ServerCapabilities = {
  tools: { listChanged: true },
  prompts: { listChanged: true },
  resources: { listChanged: true, subscribe: true },
  logging: {},
  completions: {},
};

/**
 * What a session advertises: everything on the aggregated endpoint (servers come and go); on a single server's
 * endpoint, what that server offers — so a client sees the same capabilities as when talking to it directly.
 */
export function advertisedCapabilities(server: DownstreamServer | undefined): ServerCapabilities {
  if (!server || server.status().state !== "ready") return EVERYTHING;
  const own = server.client().getServerCapabilities() ?? {};
  return {
    // Lists can change when the server restarts, whatever it declares.
    ...(own.tools ? { tools: { listChanged: true } } : {}),
    ...(own.prompts ? { prompts: { listChanged: true } } : {}),
    ...(own.resources
      ? { resources: { listChanged: true, subscribe: Boolean(own.resources.subscribe) } }
      : {}),
    logging: {}, // answered by the hub per session
    ...(own.completions ? { completions: {} } : {}),
  };
}

export function advertisedInstructions(
  server: DownstreamServer | undefined,
  scope: NameScope,
): string | undefined {
  if (scope.server) return server?.status().state === "ready" ? server.client().getInstructions() : undefined;
  return "MCP Hub aggregates several MCP servers. Tool and prompt names are <server>__<name>.";
}

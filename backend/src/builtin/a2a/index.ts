/**
 * The built-in `a2a` module (ADR 0040): each A2A agent the user registers is one of its servers — reached at the URL
 * of its Agent Card, or run from an image in a container the hub supervises as it does an image server's — with the
 * tools send_message (its skills in the description), get_task and cancel_task. What each agent's instance learns
 * (its card, its JSON-RPC endpoint) goes to the agent directory, where the A2A gateway and the REST API read it.
 */
import { AGENT_MODULE, agentOptionsSchema, type AgentOptions } from "@mcp-hub/contracts";
import type { AgentDirectory } from "../../agents/index.js";
import { AgentRefused, errorMessage, HubError } from "../../errors/index.js";
import { defineBuiltin, type AnyBuiltinModule } from "../../hub/index.js";
import { VERSION } from "../../version.js";
import { loadInstance } from "./loadInstance.js";

export function a2aModule(deps: { directory: AgentDirectory }): AnyBuiltinModule {
  return defineBuiltin<AgentOptions>({
    id: AGENT_MODULE,
    description: "A2A agents as MCP tools: send a message, follow and cancel its task",
    options: agentOptionsSchema,
    async start(context) {
      const { startAgent } = await loadInstance();
      return startAgent(context, { directory: deps.directory, version: VERSION });
    },
    async check(context) {
      const { checkAgent } = await loadInstance();
      try {
        await checkAgent(context);
      } catch (error) {
        // The hub's own refusals (a secret not set, an image it cannot get) keep their status; the rest is the card's.
        if (error instanceof HubError) throw error;
        throw new AgentRefused(context.name, errorMessage(error));
      }
    },
  });
}

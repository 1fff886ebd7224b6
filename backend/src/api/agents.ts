import {
  AGENT_MODULE,
  agentAddSchema,
  agentOptionsSchema,
  agentsResponseSchema,
  agentViewSchema,
  serverParamsSchema,
  type AgentView,
  type BuiltinServerConfig,
  type ServerConfig,
} from "@mcp-hub/contracts";
import type { AgentDirectory } from "../agents/index.js";
import { AgentNotFound } from "../errors/index.js";
import type { HubControl } from "../hub/index.js";
import type { ApiApp, ApiOptions } from "./routes.js";
import { answers, NO_CONTENT } from "./zodCompilers.js";

/** What the REST API needs to show agents: what their instances learned, and where the gateway is published. */
export interface AgentsApi {
  directory: AgentDirectory;
  /** The A2A gateway as clients on this machine reach it; undefined while it does not listen. */
  gatewayUrl(): string | undefined;
}

const isAgent = (config: ServerConfig | undefined): config is BuiltinServerConfig =>
  config?.kind === "builtin" && config.module === AGENT_MODULE;

/**
 * Agents over REST: GET /api/agents (each with its server's state, its card or why it is broken, and its tools),
 * POST /api/agents (stored as a server of the a2a module; refused with the reason when its card cannot be used),
 * GET and DELETE /api/agents/:name. Enable, disable, restart and logs are the server routes'.
 */
export function agentRoutes(app: ApiApp, options: ApiOptions) {
  const agents = options.agents;
  if (!agents) return;
  const configs = () => options.state.current().servers.filter(isAgent);
  const configOf = (name: string) => {
    const config = configs().find((c) => c.name === name);
    if (!config)
      throw new AgentNotFound(
        name,
        configs().map((c) => c.name),
      );
    return config;
  };
  const view = (config: BuiltinServerConfig) => agentView(options.hub, agents.directory, config);
  const named = { params: serverParamsSchema };

  app.get("/agents", { schema: { response: answers(agentsResponseSchema) } }, async () => ({
    agents: configs().map(view),
    gateway: ((url) => (url ? { url } : null))(agents.gatewayUrl()),
  }));

  app.post(
    "/agents",
    { schema: { body: agentAddSchema, response: answers(agentViewSchema) } },
    async (request, reply) => {
      const { name, enabled, risk, audit, callTimeoutMs, description, ...agent } = request.body;
      await options.hub.add({
        kind: "builtin",
        module: AGENT_MODULE,
        name,
        enabled,
        risk,
        audit,
        callTimeoutMs,
        description,
        options: agent,
      });
      return reply.code(201).send(view(configOf(name)));
    },
  );

  app.get("/agents/:name", { schema: { ...named, response: answers(agentViewSchema) } }, async (request) =>
    view(configOf(request.params.name)),
  );

  app.delete(
    "/agents/:name",
    { schema: { ...named, response: answers(NO_CONTENT) } },
    async (request, reply) => {
      await options.hub.remove(configOf(request.params.name).name);
      return reply.code(204).send();
    },
  );
}

function agentView(hub: HubControl, directory: AgentDirectory, config: BuiltinServerConfig): AgentView {
  const server = hub.server(config.name);
  const record = directory.get(config.name);
  const parsed = agentOptionsSchema.safeParse(config.options);
  const image = parsed.success ? parsed.data.image : undefined;
  let tools: string[] = [];
  try {
    tools = hub.tools(config.name).map((tool) => tool.namespacedName);
  } catch {
    // a disabled agent has no tools
  }
  return {
    name: config.name,
    enabled: server.enabled,
    state: server.state,
    since: server.since,
    restarts: server.restarts,
    breaker: server.breaker,
    lastError: server.lastError,
    source: image ? "image" : "url",
    location: image ?? (parsed.success ? (parsed.data.url ?? "") : ""),
    containerId: server.containerId,
    card: record?.view ?? null,
    cardError: record?.cardError,
    cardCheckedAt: record?.checkedAt,
    tools,
  };
}

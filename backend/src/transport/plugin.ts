import type { FastifyInstance, FastifyRequest } from "fastify";
import { aggregatedScope, singleServerScope, type Hub } from "../hub/index.js";
import { refuse, type Guard } from "./guard.js";
import { acceptRawJson } from "./jsonBody.js";
import { createLegacySse } from "./legacySse.js";
import { createStreamableHttp, registerStreamableRoutes } from "./streamableHttp.js";

/** MCP bodies can carry file contents; the REST API has its own, smaller cap. */
const MCP_BODY_LIMIT = 8 * 1024 * 1024;

export interface McpTransportOptions {
  hub: Hub;
  guard: Guard;
}

/** The upstream face: /mcp (all servers, prefixed), /servers/<name>/mcp (one, unprefixed), /sse + /messages. */
export async function mcpTransport(app: FastifyInstance, { hub, guard }: McpTransportOptions) {
  acceptRawJson(app);
  app.addHook("onRequest", async (request, reply) => {
    const origin = guard.checkOrigin(request);
    if (!origin.ok) return refuse(reply, origin, true);
    const token = guard.checkToken(request);
    if (!token.ok) return refuse(reply, token, true);
  });

  const serverParam = (request: FastifyRequest) => (request.params as { name?: string }).name;
  const scopeOf = (request: FastifyRequest) => {
    const name = serverParam(request);
    if (name === undefined) return { key: "*", scope: aggregatedScope };
    return hub.fleet.find(name) ? { key: name, scope: singleServerScope(name) } : undefined;
  };

  const streamable = createStreamableHttp({ hub, scopeOf });
  const sse = createLegacySse({ hub });
  app.register(async (mcp) => {
    registerStreamableRoutes(mcp, streamable, ["/mcp", "/servers/:name/mcp"]);
    mcp.get("/sse", (request, reply) => sse.open(request, reply, aggregatedScope, "/messages"));
    mcp.get("/servers/:name/sse", (request, reply) => {
      const name = serverParam(request)!;
      if (!hub.fleet.find(name))
        return reply.code(404).send({ error: "not_found", message: `no server named "${name}"` });
      return sse.open(request, reply, singleServerScope(name), `/servers/${name}/messages`);
    });
    mcp.post("/messages", sse.post);
    mcp.post("/servers/:name/messages", sse.post);
  }, {});
  app.addHook("onClose", async () => {
    await Promise.all([streamable.closeAll(), sse.closeAll()]);
  });
  return { sessions: () => streamable.count() + sse.count() };
}

export { MCP_BODY_LIMIT };

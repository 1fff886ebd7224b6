import type { FastifyInstance, FastifyRequest } from "fastify";
import { aggregatedScope, singleServerScope, type Hub } from "../hub/index.js";
import { refuse, type Guard } from "./guard.js";
import { acceptRawJson } from "./jsonBody.js";
import { createLegacySse } from "./legacySse.js";
import { createStreamableHttp, registerStreamableRoutes, type StreamableHttp } from "./streamableHttp.js";

/** MCP bodies can carry file contents; the REST API has its own, smaller cap. */
const MCP_BODY_LIMIT = 8 * 1024 * 1024;

export interface McpTransportOptions {
  hub: Hub;
  guard: Guard;
  /** The Streamable HTTP endpoint, shared with the fast lane (fastLane.ts). */
  streamable: StreamableHttp;
}

/** Streamable HTTP sessions for /mcp (all servers, prefixed) and /servers/<name>/mcp (one, unprefixed). */
export function createMcpEndpoint(hub: Hub): StreamableHttp {
  return createStreamableHttp({
    hub,
    scopeOf: (name) => {
      if (name === undefined) return { key: "*", scope: aggregatedScope };
      return hub.hasServer(name) ? { key: name, scope: singleServerScope(name) } : undefined;
    },
  });
}

/** The upstream face: /mcp, /servers/<name>/mcp, /sse + /messages (legacy SSE). */
export async function mcpTransport(app: FastifyInstance, { hub, guard, streamable }: McpTransportOptions) {
  acceptRawJson(app);
  app.addHook("onRequest", async (request, reply) => {
    const refusal = guard.refusalFor(request);
    if (refusal) return refuse(reply, refusal, true);
  });

  const serverParam = (request: FastifyRequest) => (request.params as { name?: string }).name;
  const sse = createLegacySse({ hub });
  app.register(async (mcp) => {
    registerStreamableRoutes(mcp, streamable, ["/mcp", "/servers/:name/mcp"]);
    mcp.get("/sse", (request, reply) => sse.open(request, reply, aggregatedScope, "/messages"));
    mcp.get("/servers/:name/sse", (request, reply) => {
      const name = serverParam(request)!;
      if (!hub.hasServer(name))
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

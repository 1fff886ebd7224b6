import type { FastifyReply, FastifyRequest } from "fastify";
import type { SSEServerTransport } from "@modelcontextprotocol/sdk/server/sse.js";
import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import type { ClientSession, Hub, NameScope } from "../hub/index.js";
import { invalidInitialize } from "./invalidInitialize.js";
import { jsonRpcError, MALFORMED, parseError } from "./jsonBody.js";

interface Entry {
  transport: SSEServerTransport;
  session: ClientSession;
}

/**
 * The 2024-11-05 HTTP+SSE transport (GET /sse, POST /messages?sessionId=…), for older clients. The SDK's transport
 * (and the body parser and charset tables it brings) loads with the first such client, not with every hub.
 */
export function createLegacySse({ hub }: { hub: Hub }) {
  const sessions = new Map<string, Entry>();

  async function open(request: FastifyRequest, reply: FastifyReply, scope: NameScope, messagesPath: string) {
    const { SSEServerTransport } = await import("@modelcontextprotocol/sdk/server/sse.js");
    const client = request.headers["x-mcp-hub-client"];
    const session = hub.createSession({
      scope,
      transport: "sse",
      client: typeof client === "string" ? client : undefined,
    });
    reply.hijack();
    const transport = new SSEServerTransport(messagesPath, reply.raw);
    sessions.set(transport.sessionId, { transport, session });
    transport.onclose = () => {
      sessions.delete(transport.sessionId);
      void session.close();
    };
    await session.server.connect(transport);
  }

  async function post(request: FastifyRequest, reply: FastifyReply) {
    const id = (request.query as { sessionId?: string }).sessionId;
    const entry = id ? sessions.get(id) : undefined;
    if (!entry) return reply.code(404).send(jsonRpcError(-32001, "Session not found"));
    if (request.body === MALFORMED) return reply.code(400).send(parseError);
    // Answers travel on the event stream in this transport; the POST itself is only accepted.
    const invalid = invalidInitialize(request.body);
    if (invalid) {
      await entry.transport.send(invalid as JSONRPCMessage);
      return reply.code(202).send("Accepted");
    }
    reply.hijack();
    await entry.transport.handlePostMessage(request.raw, reply.raw, request.body);
  }

  async function closeAll(): Promise<void> {
    await Promise.allSettled([...sessions.values()].map((e) => e.transport.close()));
    sessions.clear();
  }

  return { open, post, closeAll, count: () => sessions.size };
}

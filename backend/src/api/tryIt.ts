import type { FastifyInstance, FastifyReply } from "fastify";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import {
  CallToolResultSchema,
  ErrorCode,
  McpError,
  type CallToolResult,
  type Progress,
} from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import { serverNameSchema } from "../config/index.js";
import { ServerNotFound } from "../errors/index.js";
import { singleServerScope, type Hub } from "../hub/index.js";
import { jsonEvent, openEventStream } from "../transport/index.js";
import type { ApiOptions } from "./routes.js";
import { parseBody } from "./body.js";

/** Client-side ceiling only: the hub applies the configured per-call timeout (reset by progress) downstream. */
const CLIENT_TIMEOUT_MS = 3_600_000;
/** Tool arguments may be bigger than the rest of the API's small documents (a file's text, say). */
const TRY_IT_BODY_LIMIT = 1024 * 1024;

const params = z.object({ name: serverNameSchema, tool: z.string().min(1).max(128) });
const body = z.object({ arguments: z.record(z.string(), z.unknown()).default({}) }).strict();

/** What a try-it call ended with: the tool's own result (which may have isError) or why there is none. */
export type TryItOutcome =
  | { outcome: "ok"; result: CallToolResult; progress: Progress[]; latencyMs: number }
  | {
      outcome: "error" | "timeout" | "cancelled";
      error: { code: number; message: string };
      progress: Progress[];
      latencyMs: number;
    };

/**
 * POST /api/servers/:name/tools/:tool/call: the dashboard's "try it". The call goes through the hub like any
 * client's (a session scoped to the server, client name "dashboard"), so timeouts, the breaker and the audit log
 * apply. With `Accept: text/event-stream` progress is streamed as SSE; otherwise it is collected (Docker Desktop's
 * vm.service cannot stream).
 */
export function tryItRoutes(app: FastifyInstance, options: ApiOptions) {
  const { hub } = options;

  app.post("/servers/:name/tools/:tool/call", { bodyLimit: TRY_IT_BODY_LIMIT }, async (request, reply) => {
    const { name, tool } = parseBody(params, request.params);
    const args = parseBody(body, request.body ?? {}).arguments;
    if (!hub.fleet.find(name)) throw new ServerNotFound(name, hub.fleet.names());
    if (!hub.catalog.get(name).tools.some((t) => t.name === tool))
      return reply.code(404).send({
        error: "tool_not_found",
        message: `server "${name}" has no tool "${tool}" (is the server ready? its tools are listed once it is)`,
      });

    const abort = new AbortController();
    // The caller went away (tab closed, request cancelled): cancel the call downstream too.
    reply.raw.on("close", () => {
      if (!reply.raw.writableFinished) abort.abort();
    });

    if (!String(request.headers.accept ?? "").includes("text/event-stream"))
      return callTool(hub, { server: name, tool, args, signal: abort.signal });

    const send = startSse(reply);
    const outcome = await callTool(hub, {
      server: name,
      tool,
      args,
      signal: abort.signal,
      onProgress: (p) => send("progress", p),
    });
    send("result", outcome);
    reply.raw.end();
  });
}

function startSse(reply: FastifyReply) {
  reply.hijack();
  openEventStream(reply.raw);
  return (event: string, data: unknown) => reply.raw.write(jsonEvent(event, data));
}

/** One call through an in-process MCP session; the session ends with the call. */
export async function callTool(
  hub: Hub,
  call: {
    server: string;
    tool: string;
    args: Record<string, unknown>;
    signal: AbortSignal;
    onProgress?: (progress: Progress) => void;
  },
): Promise<TryItOutcome> {
  const started = performance.now();
  const progress: Progress[] = [];
  const session = hub.createSession({
    scope: singleServerScope(call.server),
    transport: "dashboard",
    client: "dashboard",
  });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  const client = new Client({ name: "mcp-hub-dashboard", version: hub.version });
  try {
    await session.server.connect(serverSide);
    await client.connect(clientSide);
    const result = await client.callTool({ name: call.tool, arguments: call.args }, CallToolResultSchema, {
      signal: call.signal,
      timeout: CLIENT_TIMEOUT_MS,
      resetTimeoutOnProgress: true,
      onprogress: (p) => {
        progress.push(p);
        call.onProgress?.(p);
      },
    });
    return { outcome: "ok", result: result as CallToolResult, progress, latencyMs: since(started) };
  } catch (error) {
    const code = error instanceof McpError ? error.code : ErrorCode.InternalError;
    const message = error instanceof Error ? error.message : String(error);
    const outcome = call.signal.aborted ? "cancelled" : isTimeout(error) ? "timeout" : "error";
    return { outcome, error: { code, message }, progress, latencyMs: since(started) };
  } finally {
    await client.close().catch(() => undefined);
    await session.close();
  }
}

function isTimeout(error: unknown): boolean {
  return (
    error instanceof McpError &&
    (error.code === ErrorCode.RequestTimeout ||
      (error.data as { code?: string } | undefined)?.code === "call_timeout")
  );
}

function since(started: number): number {
  return Math.round(performance.now() - started);
}

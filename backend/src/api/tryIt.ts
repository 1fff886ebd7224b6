import type { FastifyInstance, FastifyReply } from "fastify";
import { z } from "zod";
import { serverNameSchema } from "../config/index.js";
import { jsonEvent, openEventStream } from "../transport/index.js";
import type { ApiOptions } from "./routes.js";
import { parseBody } from "./body.js";

/** Tool arguments may be bigger than the rest of the API's small documents (a file's text, say). */
const TRY_IT_BODY_LIMIT = 1024 * 1024;

const params = z.object({ name: serverNameSchema, tool: z.string().min(1).max(128) });
const body = z.object({ arguments: z.record(z.string(), z.unknown()).default({}) }).strict();

/**
 * POST /api/servers/:name/tools/:tool/call: the dashboard's "try it" (HubControl.tryTool). With
 * `Accept: text/event-stream` progress is streamed as SSE; otherwise it is collected (Docker Desktop's vm.service
 * cannot stream).
 */
export function tryItRoutes(app: FastifyInstance, options: ApiOptions) {
  const { hub } = options;

  app.post("/servers/:name/tools/:tool/call", { bodyLimit: TRY_IT_BODY_LIMIT }, async (request, reply) => {
    const { name, tool } = parseBody(params, request.params);
    const args = parseBody(body, request.body ?? {}).arguments;
    const abort = new AbortController();
    // The caller went away (tab closed, request cancelled): cancel the call downstream too.
    reply.raw.on("close", () => {
      if (!reply.raw.writableFinished) abort.abort();
    });
    const call = { server: name, tool, args, signal: abort.signal };
    if (!String(request.headers.accept ?? "").includes("text/event-stream")) return hub.tryTool(call);

    let send = (_event: string, _data: unknown): unknown => undefined;
    // A refusal (no such server or tool) throws here, before the stream starts, and answers as a plain HTTP error.
    const running = hub.tryTool({ ...call, onProgress: (p) => send("progress", p) });
    send = startSse(reply);
    send("result", await running);
    reply.raw.end();
  });
}

function startSse(reply: FastifyReply) {
  reply.hijack();
  openEventStream(reply.raw);
  return (event: string, data: unknown) => reply.raw.write(jsonEvent(event, data));
}

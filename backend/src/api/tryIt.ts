import type { FastifyReply } from "fastify";
import { tryItBodySchema, tryItOutcomeSchema, tryItParamsSchema, type TryItEvent } from "@mcp-hub/contracts";
import type { ApiApp, ApiOptions } from "./routes.js";
import { answers } from "./zodCompilers.js";
import { jsonEvent, openEventStream } from "../transport/index.js";

/** Tool arguments may be bigger than the rest of the API's small documents (a file's text, say). */
const TRY_IT_BODY_LIMIT = 1024 * 1024;

/**
 * POST /api/servers/:name/tools/:tool/call: the dashboard's "try it" (HubControl.tryTool). With
 * `Accept: text/event-stream` progress is streamed as SSE; otherwise it is collected (Docker Desktop's vm.service
 * cannot stream).
 */
export function tryItRoutes(app: ApiApp, options: ApiOptions) {
  const { hub } = options;
  const schema = {
    params: tryItParamsSchema,
    body: tryItBodySchema,
    // The JSON answer; the event stream (progress, then the same outcome as `result`) bypasses the serializer.
    response: answers(tryItOutcomeSchema),
  };

  app.post(
    "/servers/:name/tools/:tool/call",
    { bodyLimit: TRY_IT_BODY_LIMIT, schema },
    async (request, reply) => {
      const { name, tool } = request.params;
      const args = request.body.arguments;
      const abort = new AbortController();
      // The caller went away (tab closed, request cancelled): cancel the call downstream too.
      reply.raw.on("close", () => {
        if (!reply.raw.writableFinished) abort.abort();
      });
      const call = { server: name, tool, args, signal: abort.signal };
      if (!String(request.headers.accept ?? "").includes("text/event-stream")) return hub.tryTool(call);

      let send: <K extends TryItEvent["event"]>(
        event: K,
        data: Extract<TryItEvent, { event: K }>["data"],
      ) => unknown = () => undefined;
      // A refusal (no such server or tool) throws here, before the stream starts, and answers as a plain HTTP error.
      const running = hub.tryTool({ ...call, onProgress: (p) => send("progress", p) });
      send = startSse(reply);
      send("result", await running);
      reply.raw.end();
    },
  );
}

function startSse(reply: FastifyReply) {
  reply.hijack();
  openEventStream(reply.raw);
  return (event: string, data: unknown) => reply.raw.write(jsonEvent(event, data));
}

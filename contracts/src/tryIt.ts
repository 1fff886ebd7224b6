import { z } from "zod";
import { serverNameSchema } from "./names.js";
import { integer, number, optionalFlag, optionalNumber, optionalText, text } from "./leaves.js";

/** The `:name` and `:tool` of POST /api/servers/:name/tools/:tool/call (the tool's own name, unprefixed). */
export const tryItParamsSchema = z.object({ name: serverNameSchema, tool: z.string().min(1).max(128) });
export type TryItParams = z.infer<typeof tryItParamsSchema>;

/** The body of a try-it call: the tool's arguments. */
export const tryItBodySchema = z.object({ arguments: z.record(text, z.unknown()).default({}) }).strict();
export type TryItBody = z.input<typeof tryItBodySchema>;

/** An MCP progress notification's payload. */
export const progressSchema = z.lazy(() =>
  z.looseObject({ progress: number, total: optionalNumber, message: optionalText }),
);
export type Progress = z.infer<typeof progressSchema>;

/** One block of a tool's result (text, image, audio, resource, …); fields beyond `type` and `text` pass through. */
export const contentBlockSchema = z.lazy(() => z.looseObject({ type: text, text: optionalText }));
export type ContentBlock = z.infer<typeof contentBlockSchema>;

/** MCP's CallToolResult; a tool's own failure is a result with isError. */
export const toolResultSchema = z.lazy(() =>
  z.looseObject({
    content: z.array(contentBlockSchema),
    structuredContent: z.record(text, z.unknown()).optional(),
    isError: optionalFlag,
  }),
);
export type ToolResult = z.infer<typeof toolResultSchema>;

/** What a try-it call ended with: the tool's own result (which may have isError) or why there is none. */
export const tryItOutcomeSchema = z.lazy(() => {
  const progress = z.array(progressSchema);
  return z.discriminatedUnion("outcome", [
    z.object({ outcome: z.literal("ok"), result: toolResultSchema, progress, latencyMs: number }),
    z.object({
      outcome: z.enum(["error", "timeout", "cancelled"]),
      error: z.object({ code: integer, message: text }),
      progress,
      latencyMs: number,
    }),
  ]);
});
export type TryItOutcome = z.infer<typeof tryItOutcomeSchema>;

/** The server-sent events of a try-it call made with `Accept: text/event-stream`: progress as it comes, then the result. */
export const tryItEventSchema = z.lazy(() =>
  z.discriminatedUnion("event", [
    z.object({ event: z.literal("progress"), data: progressSchema }),
    z.object({ event: z.literal("result"), data: tryItOutcomeSchema }),
  ]),
);
export type TryItEvent = z.infer<typeof tryItEventSchema>;

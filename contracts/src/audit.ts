import { z } from "zod";
import { number, optionalText, text } from "./leaves.js";

export const auditOutcomeSchema = z.enum(["ok", "error", "timeout", "cancelled", "denied"]);
export type AuditOutcome = z.infer<typeof auditOutcomeSchema>;

/** One routed call, as audit.jsonl keeps it and GET /api/audit and the event stream show it. */
export const auditEventSchema = z.object({
  time: text,
  client: optionalText,
  session: optionalText,
  transport: optionalText,
  server: text,
  /** JSON-RPC method: tools/call, resources/read, prompts/get, … */
  method: text,
  /** Tool, prompt or resource the call named. */
  name: optionalText,
  /** sha256 (hex) of the canonical JSON of the arguments; the values themselves are never stored. */
  argsHash: optionalText,
  outcome: auditOutcomeSchema,
  error: optionalText,
  latencyMs: number,
});
export type AuditEvent = z.infer<typeof auditEventSchema>;

/** The query string of GET /api/audit; newest events first. */
export const auditQuerySchema = z.object({
  /** At most this many events (default 100). */
  limit: z.coerce.number().int().min(1).max(5000).optional(),
  server: optionalText,
  outcome: auditOutcomeSchema.optional(),
  /** ISO time; only events at or after it. */
  since: optionalText,
});
export type AuditQuery = z.infer<typeof auditQuerySchema>;

/** GET /api/audit */
export const auditEventsResponseSchema = z.lazy(() => z.object({ events: z.array(auditEventSchema) }));
export type AuditEventsResponse = z.infer<typeof auditEventsResponseSchema>;

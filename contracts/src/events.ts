import { z } from "zod";
import { auditEventSchema } from "./audit.js";
import { serverStatusSchema, serverViewSchema } from "./servers.js";
import { text } from "./leaves.js";

export const listKindSchema = z.enum(["tools", "prompts", "resources"]);
export type ListKind = z.infer<typeof listKindSchema>;

/** A server's lists changed (MCP list_changed, or its first listing after a start). */
export const catalogChangeSchema = z.lazy(() => z.object({ server: text, kinds: z.array(listKindSchema) }));
export type CatalogChange = z.infer<typeof catalogChangeSchema>;

/**
 * The server-sent events of GET /api/events: `hello` once with every server, then each server state change,
 * catalog change and audit event as it happens.
 */
export const hubEventSchema = z.lazy(() =>
  z.discriminatedUnion("event", [
    z.object({ event: z.literal("hello"), data: z.object({ servers: z.array(serverViewSchema) }) }),
    z.object({ event: z.literal("status"), data: serverStatusSchema }),
    z.object({ event: z.literal("catalog"), data: catalogChangeSchema }),
    z.object({ event: z.literal("audit"), data: auditEventSchema }),
  ]),
);
export type HubEvent = z.infer<typeof hubEventSchema>;
/** The data of one kind of hub event. */
export type HubEventData<E extends HubEvent["event"]> = Extract<HubEvent, { event: E }>["data"];

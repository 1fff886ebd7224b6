import { z } from "zod";

/** The registry's notification envelope, as far as the hub reads it. */
const envelopeSchema = z.object({
  events: z.array(
    z.looseObject({
      action: z.string(),
      target: z.looseObject({ repository: z.string().optional(), tag: z.string().optional() }).optional(),
    }),
  ),
});

/**
 * The repositories whose contents changed, from one notification: pushes and deletes (pulls and mounts change
 * nothing the hub shows). Undefined when the body is not a notification.
 */
export function changedRepositories(body: unknown): string[] | undefined {
  const parsed = envelopeSchema.safeParse(body);
  if (!parsed.success) return undefined;
  const changed = parsed.data.events
    .filter((e) => e.action === "push" || e.action === "delete")
    .map((e) => e.target?.repository)
    .filter((r): r is string => typeof r === "string");
  return [...new Set(changed)];
}

import { z } from "zod";
import { count, flag, optionalText, text, textList } from "./leaves.js";

/**
 * GET /api/docker: what the built-in docker server's tools created on the engine (their labels say so), whether or
 * not that server is on — the dashboard's Docker page.
 */
export const createdResourcesSchema = z.lazy(() =>
  z.object({
    engine: z.discriminatedUnion("reachable", [
      z.object({ reachable: z.literal(true) }),
      z.object({ reachable: z.literal(false), error: text }),
    ]),
    stacks: z.array(z.object({ name: text, services: count, running: count, healthy: count })),
    containers: z.array(
      z.object({
        id: text,
        name: text,
        image: text,
        state: text,
        status: text,
        health: optionalText,
        stack: optionalText,
        service: optionalText,
        createdBy: text,
        createdAt: optionalText,
      }),
    ),
    images: z.array(
      z.object({ id: text, tags: textList, size: count, createdAt: optionalText, stack: optionalText }),
    ),
    volumes: z.array(z.object({ name: text, stack: optionalText, createdAt: optionalText })),
    networks: z.array(z.object({ name: text, internal: flag, stack: optionalText, createdAt: optionalText })),
  }),
);
export type CreatedResources = z.infer<typeof createdResourcesSchema>;

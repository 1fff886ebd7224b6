import type { z } from "zod";
import { BadRequest } from "../errors/index.js";

/** Zod at the edge: a 400 that names the field and the reason. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const detail = result.error.issues
    .map(
      (i) =>
        `${
          i.path.length
            ? i.path
                .map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`))
                .join("")
                .replace(/^\./, "")
            : "(body)"
        }: ${i.message}`,
    )
    .join("; ");
  throw new BadRequest(detail);
}

import { z } from "zod";
import { secretNameSchema } from "./names.js";
import { textList } from "./leaves.js";

/** Generous for keys and PEM blobs, small enough that a pasted file by mistake is refused. */
export const SECRET_VALUE_MAX_CHARS = 65_536;

/** GET /api/secrets: names only; values never leave the hub. */
export const secretNamesResponseSchema = z.lazy(() => z.object({ names: textList }));
export type SecretNamesResponse = z.infer<typeof secretNamesResponseSchema>;

/** The `:name` of /api/secrets/:name */
export const secretParamsSchema = z.object({ name: secretNameSchema });

/** PUT /api/secrets/:name */
export const secretSetBodySchema = z.object({ value: z.string().min(1).max(SECRET_VALUE_MAX_CHARS) });
export type SecretSetBody = z.infer<typeof secretSetBodySchema>;

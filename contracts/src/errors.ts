import { z } from "zod";
import { text } from "./leaves.js";

/** Every failed /api request answers with this body: a stable code and a message meant for people. */
export const errorBodySchema = z.object({
  /** Stable: bad_request, unauthorized, server_not_found, not_implemented, … */
  error: text,
  message: text,
});
export type ErrorBody = z.infer<typeof errorBodySchema>;

import type { FastifySchemaCompiler, FastifyServerOptions } from "fastify";
import { serializerCompiler } from "fastify-type-provider-zod";
import { errorBodySchema } from "@mcp-hub/contracts";
import { z } from "zod";
import { toFieldIssues } from "../config/index.js";
import { BadRequest } from "../errors/index.js";

/**
 * Zod at the edge: params, query string and body are parsed by the route's zod schema, and a failure is a 400 that
 * names the field and the reason. An absent body reads as `{}`, so a body whose fields are all optional may be
 * left out.
 */
const validatorCompiler: FastifySchemaCompiler<z.ZodType> =
  ({ schema, httpPart }) =>
  (data: unknown) => {
    const result = schema.safeParse(data === null && httpPart === "body" ? {} : data);
    return result.success
      ? { value: result.data }
      : { error: new BadRequest(describeIssues(result.error, httpPart ?? "body")) };
  };

/** `servers[0].name: …; url: …` — each issue's field path and reason, on one line. */
function describeIssues(error: z.ZodError, part: string): string {
  return toFieldIssues(error)
    .map((issue) => `${issue.path || `(${part})`}: ${issue.message}`)
    .join("; ");
}

/**
 * Route schemas are zod schemas: requests are parsed with zod, and responses are checked and written by zod (a
 * response that does not match its schema is a 500, never a wrong shape on the wire). Fastify's own compilers, ajv
 * and fast-json-stringify (~1.5 MB of heap in every hub), are never loaded.
 */
export const ZOD_SCHEMA_COMPILERS: FastifyServerOptions["schemaController"] = {
  // Fastify types these factories after ajv's compilers; any compiler of the same call shape does at run time.
  compilersFactory: {
    buildValidator: () => validatorCompiler as never,
    buildSerializer: () => serializerCompiler as never,
  },
};

/**
 * A route's answers: its success under "2xx", and the error body (errors/mapping.ts) under "4xx" and "5xx", so that
 * shape is checked too. Not under 200: fastify keeps a route's serializers in an object keyed by status, and a
 * numeric key gives it an element store sized to the index (~2.5 KB per route, HEAD twins included).
 */
export const answers = <S extends z.ZodType>(success: S) => ({
  "2xx": success,
  "4xx": errorBodySchema,
  "5xx": errorBodySchema,
});
/** A 204: no body. */
export const NO_CONTENT = z.void();

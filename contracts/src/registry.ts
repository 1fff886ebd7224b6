import { z } from "zod";
import { count, flag, integer, optionalText, port, text, textList } from "./leaves.js";

/** A repository in the local registry: lowercase path components joined by "/" (the registry's own grammar). */
export const repositoryNameSchema = z
  .string()
  .max(255)
  .regex(
    /^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*)*$/,
    "use lowercase letters, digits and . _ - between them, with / between path parts (e.g. mcp/memory)",
  );

/** A tag: up to 128 word characters, dots and dashes, not starting with either. */
export const imageTagSchema = z
  .string()
  .regex(/^[\w][\w.-]{0,127}$/, "use up to 128 letters, digits, _ . -, not starting with . or -");

/**
 * The local image registry the hub keeps: the port it really uses (the wanted one, or the next free one when that is
 * taken), or why it does not run.
 */
export const registryStatusSchema = z.lazy(() =>
  z.discriminatedUnion("state", [
    z.object({ state: z.literal("disabled") }),
    z.object({ state: z.literal("starting"), port }),
    z.object({ state: z.enum(["running", "collecting"]), port, wantedPort: port }),
    z.object({ state: z.literal("failed"), port, error: text }),
  ]),
);
export type RegistryStatus = z.infer<typeof registryStatusSchema>;

/** One platform's image of a multi-platform tag. */
export const platformImageSchema = z.lazy(() =>
  z.object({ os: text, architecture: text, variant: optionalText, digest: text, size: count }),
);

/** What the registry holds under one tag, and the hub's servers whose image it is. */
const tagFields = () => ({
  repository: text,
  tag: text,
  digest: text,
  mediaType: text,
  /** Bytes of config and layers (every platform's, for a multi-platform index). */
  size: count,
  created: optionalText,
  /** The image's labels: mcp.server, mcp.governance.level, OCI labels, … */
  labels: z.record(text, text),
  platforms: z.array(platformImageSchema).optional(),
  usedBy: textList,
});
export const registryTagSchema = z.lazy(() => z.object(tagFields()));
export type RegistryTag = z.infer<typeof registryTagSchema>;

export const registryRepositorySchema = z.lazy(() =>
  z.object({ name: text, tags: z.array(registryTagSchema) }),
);
export type RegistryRepository = z.infer<typeof registryRepositorySchema>;

/**
 * GET /api/registry: its state and port, and what it holds. `error` says why the listing is empty when the registry
 * does not answer.
 */
export const registryResponseSchema = z.lazy(() =>
  z.object({
    registry: registryStatusSchema,
    repositories: z.array(registryRepositorySchema),
    error: optionalText,
  }),
);
export type RegistryResponse = z.infer<typeof registryResponseSchema>;

/** GET /api/registry/tags?repository= */
export const registryTagsQuerySchema = z.object({ repository: repositoryNameSchema }).strict();
export const registryTagsResponseSchema = z.lazy(() =>
  z.object({ repository: text, tags: z.array(registryTagSchema) }),
);
export type RegistryTagsResponse = z.infer<typeof registryTagsResponseSchema>;

/** GET /api/registry/tag?repository=&tag= */
export const registryTagQuerySchema = z
  .object({ repository: repositoryNameSchema, tag: imageTagSchema })
  .strict();
export type RegistryTagQuery = z.infer<typeof registryTagQuerySchema>;
/** One tag, with every tag a delete would remove with it (the registry deletes by digest). */
export const registryTagResponseSchema = z.lazy(() => z.object({ ...tagFields(), sameDigest: textList }));
export type RegistryTagResponse = z.infer<typeof registryTagResponseSchema>;

/** DELETE /api/registry/tag?repository=&tag=[&force=true]: force deletes even while an enabled server uses it. */
export const registryDeleteQuerySchema = z
  .object({
    repository: repositoryNameSchema,
    tag: imageTagSchema,
    force: z.enum(["true", "false"]).optional(),
  })
  .strict();
export type RegistryDeleteQuery = z.infer<typeof registryDeleteQuerySchema>;
/** What went: the digest, and every tag that pointed at it. */
export const registryDeletedSchema = z.lazy(() => z.object({ digest: text, tags: textList }));
export type RegistryDeleted = z.infer<typeof registryDeletedSchema>;

/** POST /api/registry/gc: what garbage collection freed, measured on the registry's storage. */
export const garbageCollectionSchema = z.lazy(() =>
  z.object({
    beforeBytes: count,
    afterBytes: count,
    freedBytes: count,
    /** Untagged manifests went too (not when a multi-platform image is stored: registry 2.x would break it). */
    deletedUntagged: flag,
    /** The tail of the registry's own report. */
    output: text,
  }),
);
export type GarbageCollection = z.infer<typeof garbageCollectionSchema>;

/** The events of POST /api/registry/gc with `Accept: text/event-stream`: each step, then the result or the error. */
export const garbageCollectionEventSchema = z.lazy(() =>
  z.discriminatedUnion("event", [
    z.object({ event: z.literal("step"), data: z.object({ step: text }) }),
    z.object({ event: z.literal("result"), data: garbageCollectionSchema }),
    z.object({ event: z.literal("error"), data: z.object({ error: text, message: text, status: integer }) }),
  ]),
);
export type GarbageCollectionEvent = z.infer<typeof garbageCollectionEventSchema>;

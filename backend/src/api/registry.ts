import type { FastifyReply } from "fastify";
import {
  garbageCollectionSchema,
  registryDeletedSchema,
  registryDeleteQuerySchema,
  registryResponseSchema,
  registryTagQuerySchema,
  registryTagResponseSchema,
  registryTagsQuerySchema,
  registryTagsResponseSchema,
  type GarbageCollectionEvent,
  type RegistryResponse,
} from "@mcp-hub/contracts";
import { errorMessage, toHttpError } from "../errors/index.js";
import { RegistryDisabled, type Registry, type UsedRepository } from "../registry/index.js";
import { jsonEvent, openEventStream } from "../transport/index.js";
import type { ApiApp, ApiOptions } from "./routes.js";
import { answers } from "./zodCompilers.js";

/**
 * The local registry over REST: what it holds (GET /api/registry, /registry/tags, /registry/tag), deleting a tag
 * (DELETE /registry/tag, every tag on its digest goes with it) and garbage collection (POST /registry/gc; with
 * `Accept: text/event-stream` its steps as they happen). Repository names hold slashes, so they travel as queries.
 */
export function registryRoutes(app: ApiApp, options: ApiOptions) {
  const registry = (): Registry => {
    if (!options.registry || options.registry.status().state === "disabled") throw new RegistryDisabled();
    return options.registry;
  };

  // The listing's text, kept while neither the registry nor its users changed: a warm listing of 1,000 tags is then
  // one write, not a schema check and a serialization of ~300 KB (bench: the "registry" section).
  let kept: { source: UsedRepository[]; status: string; text: string } | undefined;
  app.get("/registry", { schema: { response: answers(registryResponseSchema) } }, async (_request, reply) => {
    const status = options.registry?.status() ?? { state: "disabled" as const };
    if (status.state !== "running")
      return { registry: status, repositories: [], error: notListable(status) } satisfies RegistryResponse;
    let repositories: UsedRepository[];
    try {
      repositories = await registry().repositories();
    } catch (error) {
      return { registry: status, repositories: [], error: errorMessage(error) } satisfies RegistryResponse;
    }
    const statusKey = JSON.stringify(status);
    if (kept?.source !== repositories || kept.status !== statusKey) {
      const text = JSON.stringify(registryResponseSchema.parse({ registry: status, repositories }));
      kept = { source: repositories, status: statusKey, text };
    }
    const text = kept.text; // the answer as checked and written when the listing last changed
    return reply.serializer(() => text).send({ registry: status, repositories });
  });

  app.get(
    "/registry/tags",
    { schema: { querystring: registryTagsQuerySchema, response: answers(registryTagsResponseSchema) } },
    async (request) => ({
      repository: request.query.repository,
      tags: await registry().tags(request.query.repository),
    }),
  );

  app.get(
    "/registry/tag",
    { schema: { querystring: registryTagQuerySchema, response: answers(registryTagResponseSchema) } },
    async (request) => {
      const found = await registry().tag(request.query);
      return { ...found, sameDigest: (await registry().sameDigest(request.query)).tags };
    },
  );

  app.delete(
    "/registry/tag",
    { schema: { querystring: registryDeleteQuerySchema, response: answers(registryDeletedSchema) } },
    async (request) => {
      const { repository, tag, force } = request.query;
      return registry().deleteTag({ repository, tag }, { force: force === "true" });
    },
  );

  app.post(
    "/registry/gc",
    { schema: { response: answers(garbageCollectionSchema) } },
    async (request, reply) => {
      const target = registry();
      if (!String(request.headers.accept ?? "").includes("text/event-stream")) return target.collectGarbage();
      const send = startSse(reply);
      try {
        send({
          event: "result",
          data: await target.collectGarbage((step) => send({ event: "step", data: { step } })),
        });
      } catch (error) {
        const { status, body } = toHttpError(error);
        send({ event: "error", data: { ...body, status } });
      }
      reply.raw.end();
    },
  );
}

/** Why a registry that is not running lists nothing. */
function notListable(status: { state: string; error?: string }): string {
  switch (status.state) {
    case "disabled":
      return "the hub keeps no local registry here (HUB_REGISTRY_IMAGE is not set)";
    case "failed":
      return `the registry could not start: ${status.error}`;
    default:
      return `the registry is ${status.state}; try again in a moment`;
  }
}

function startSse(reply: FastifyReply) {
  reply.hijack();
  openEventStream(reply.raw);
  return (event: GarbageCollectionEvent) => reply.raw.write(jsonEvent(event.event, event.data));
}

import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from "fastify";
import rateLimit from "@fastify/rate-limit";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import {
  auditEventsResponseSchema,
  createdResourcesSchema,
  auditQuerySchema,
  discoverResponseSchema,
  hubStatusSchema,
  secretNamesResponseSchema,
  secretParamsSchema,
  secretSetBodySchema,
  SERVER_ACTIONS,
  serverConfigSchema,
  serverLogsResponseSchema,
  serverParamsSchema,
  serversResponseSchema,
  serverViewSchema,
  toolsResponseSchema,
  type CreatedResources,
} from "@mcp-hub/contracts";
import type { AuditLog } from "../audit/index.js";
import type { SecretStore, StateStore } from "../config/index.js";
import type { HubControl } from "../hub/index.js";
import type { Migrations } from "../migrate/index.js";
import type { Registry } from "../registry/index.js";
import { refuse, type Guard } from "../transport/index.js";
import { authorizationRoutes } from "./authorization.js";
import { agentRoutes, type AgentsApi } from "./agents.js";
import { streamEvents } from "./events.js";
import { clientRoutes } from "./clients.js";
import { migrateRoutes } from "./migrate.js";
import { registryRoutes } from "./registry.js";
import { settingsRoutes } from "./settings.js";
import { tryItRoutes } from "./tryIt.js";
import { answers, NO_CONTENT } from "./zodCompilers.js";

/** The REST API takes small JSON documents; anything bigger is a mistake or an attack. */
export const API_BODY_LIMIT = 256 * 1024;
/** Requests per minute per client; HUB_API_RATE_LIMIT overrides it (tests set it low). */
export const API_RATE_PER_MINUTE = 600;

export interface ApiOptions {
  hub: HubControl;
  guard: Guard;
  audit: AuditLog;
  state: StateStore;
  secrets: SecretStore;
  version: string;
  startedAt: Date;
  rotateToken?: () => Promise<string>;
  /** Requests per minute per client (default API_RATE_PER_MINUTE). */
  rateLimitPerMinute?: number;
  /** The local registry the hub keeps (absent in tests that need none). */
  registry?: Registry;
  /** The migration of servers from client configs (absent in tests that need none). */
  migrations?: Migrations;
  /** What the docker tools created, for the dashboard's Docker page (GET /api/docker). */
  dockerResources?: () => Promise<CreatedResources>;
  /** The A2A agents (GET /api/agents, …); absent in tests that need none. */
  agents?: AgentsApi;
}

/** The /api scope: routes declare zod schemas (from @mcp-hub/contracts) and their handlers are typed by them. */
export type ApiApp = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

/** REST for the UI and the CLI, under /api, behind the token, rate-limited and body-capped. */
export async function apiRoutes(scope: FastifyInstance, options: ApiOptions) {
  const app: ApiApp = scope.withTypeProvider<ZodTypeProvider>();
  const { hub, guard, audit } = options;
  await app.register(rateLimit, {
    max: options.rateLimitPerMinute ?? API_RATE_PER_MINUTE,
    timeWindow: "1 minute",
  });
  // Every route of this scope gets the cap unless it sets its own (try-it takes tool arguments up to 1 MiB).
  app.addHook("onRoute", (route) => {
    route.bodyLimit ??= API_BODY_LIMIT;
  });
  app.addHook("onRequest", async (request, reply) => {
    const refusal = guard.refusalFor(request);
    if (refusal) return refuse(reply, refusal, false);
  });
  const named = { params: serverParamsSchema };

  app.get("/status", { schema: { response: answers(hubStatusSchema) } }, async () => ({
    version: options.version,
    startedAt: options.startedAt.toISOString(),
    uptimeSeconds: Math.round((Date.now() - options.startedAt.getTime()) / 1000),
    ...hub.counts(),
    registry: options.registry?.status() ?? { state: "disabled" as const },
  }));

  app.get("/servers", { schema: { response: answers(serversResponseSchema) } }, async () => ({
    servers: hub.servers(),
  }));

  app.post(
    "/servers",
    { schema: { body: serverConfigSchema, response: answers(serverViewSchema) } },
    async (request, reply) => reply.code(201).send(await hub.add(request.body)),
  );

  app.get("/servers/:name", { schema: { ...named, response: answers(serverViewSchema) } }, async (request) =>
    hub.server(request.params.name),
  );

  app.delete(
    "/servers/:name",
    { schema: { ...named, response: answers(NO_CONTENT) } },
    async (request, reply) => {
      await hub.remove(request.params.name);
      return reply.code(204).send();
    },
  );

  for (const action of SERVER_ACTIONS)
    app.post(
      `/servers/:name/${action}`,
      { schema: { ...named, response: answers(serverViewSchema) } },
      async (request) =>
        action === "restart"
          ? hub.restart(request.params.name)
          : hub.setEnabled(request.params.name, action === "enable"),
    );

  app.get(
    "/servers/:name/logs",
    { schema: { ...named, response: answers(serverLogsResponseSchema) } },
    async (request) => ({ name: request.params.name, lines: hub.logs(request.params.name) }),
  );

  app.get(
    "/servers/:name/tools",
    { schema: { ...named, response: answers(toolsResponseSchema) } },
    async (request) => ({ tools: hub.tools(request.params.name) }),
  );

  // What the docker tools created (labels say so), whether or not the docker server is on: the Docker page.
  app.get("/docker", { schema: { response: answers(createdResourcesSchema) } }, async (_request, reply) =>
    options.dockerResources
      ? options.dockerResources()
      : reply
          .code(501)
          .send({ error: "not_implemented", message: "this hub does not read the Docker engine" }),
  );

  // Discovery also runs every 30 s; this lets a user (or a test) pick up a new labelled container at once.
  app.post("/discover", { schema: { response: answers(discoverResponseSchema) } }, async () => ({
    discovered: await hub.discover(),
  }));

  app.get(
    "/audit",
    {
      schema: {
        querystring: auditQuerySchema,
        response: answers(auditEventsResponseSchema),
      },
    },
    async (request) => ({ events: audit.recent(request.query) }),
  );

  app.get("/secrets", { schema: { response: answers(secretNamesResponseSchema) } }, async () => ({
    names: await options.secrets.names(),
  }));
  app.put(
    "/secrets/:name",
    {
      schema: {
        params: secretParamsSchema,
        body: secretSetBodySchema,
        response: answers(NO_CONTENT),
      },
    },
    async (request, reply) => {
      await options.secrets.set(request.params.name, request.body.value);
      return reply.code(204).send();
    },
  );
  app.delete(
    "/secrets/:name",
    { schema: { params: secretParamsSchema, response: answers(NO_CONTENT) } },
    async (request, reply) =>
      (await options.secrets.remove(request.params.name))
        ? reply.code(204).send()
        : reply.code(404).send({ error: "not_found", message: `no secret named "${request.params.name}"` }),
  );

  app.get("/events", (request, reply) => streamEvents(request, reply, { hub, audit }));
  // Plain calls, not app.register: these options carry the /api prefix, which a child plugin would add again.
  settingsRoutes(app, options);
  registryRoutes(app, options);
  clientRoutes(app, options);
  tryItRoutes(app, options);
  if (options.migrations) migrateRoutes(app, options.migrations);
  authorizationRoutes(app, options);
  agentRoutes(app, options);
}

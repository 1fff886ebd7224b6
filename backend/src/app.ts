import { createServer } from "node:http";
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from "fastify";
import helmet from "@fastify/helmet";
import { apiRoutes, oauthCallback, ZOD_SCHEMA_COMPILERS, type AgentsApi } from "./api/index.js";
import type { AuditLog } from "./audit/index.js";
import type { CreatedResources } from "@mcp-hub/contracts";
import { dashboard } from "./dashboard/index.js";
import type { SecretStore, StateStore } from "./config/index.js";
import { toHttpError } from "./errors/index.js";
import { createHubControl, type Hub } from "./hub/index.js";
import type { Logger } from "./log/index.js";
import type { Migrations } from "./migrate/index.js";
import type { HubMetrics } from "./metrics/index.js";
import type { Authorizations } from "./oauth/index.js";
import type { Registry } from "./registry/index.js";
import {
  createFastLane,
  createMcpEndpoint,
  HELMET_OPTIONS,
  MCP_BODY_LIMIT,
  mcpTransport,
  type Guard,
} from "./transport/index.js";

export interface AppDeps {
  hub: Hub;
  guard: Guard;
  audit: AuditLog;
  metrics: HubMetrics;
  state: StateStore;
  secrets: SecretStore;
  log: Logger;
  version: string;
  /** Whether the fleet has started (readiness). */
  ready: () => boolean;
  /** Why the hub is not ready (e.g. the Docker engine is unreachable); shown by /health/ready. */
  notReadyReason?: () => string | undefined;
  /** REST API requests per minute per client (HUB_API_RATE_LIMIT). */
  apiRateLimit?: number;
  /** Built UI served at / (HUB_UI_DIR); absent = no dashboard. */
  uiDir?: string;
  /** Replaces the bearer token; the guard uses the new one at once. */
  rotateToken?: () => Promise<string>;
  /** The local registry the hub keeps: its status, contents and notifications. */
  registry?: Registry;
  /** The migration of servers from client configs (/api/migrate). */
  migrations?: Migrations;
  /** What the docker tools created, for the dashboard's Docker page (GET /api/docker). */
  dockerResources?: () => Promise<CreatedResources>;
  /** OAuth for remote servers: its callback is served at /oauth/callback. */
  authorizations?: Authorizations;
  /** The A2A agents: what their instances learned, and the gateway's URL. */
  agents?: AgentsApi;
}

/** What the registry sends its notifications as; they name a few events each. */
const REGISTRY_EVENTS_TYPE = "application/vnd.docker.distribution.events.v1+json";
const NOTIFICATION_BODY_LIMIT = 256 * 1024;

/** The whole HTTP surface as one fastify app; listening happens in main.ts (and tests use inject or port 0). */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const streamable = createMcpEndpoint(deps.hub);
  const lane = createFastLane({ guard: deps.guard, streamable, bodyLimit: MCP_BODY_LIMIT });
  const app = Fastify({
    loggerInstance: deps.log as FastifyBaseLogger,
    bodyLimit: MCP_BODY_LIMIT,
    // A log line per request would dominate the hot path; calls go to the audit log instead.
    logController: new LogController({ disableRequestLogging: true }),
    // Route schemas are zod schemas (@mcp-hub/contracts): fastify never loads ajv or fast-json-stringify.
    schemaController: ZOD_SCHEMA_COMPILERS,
    // Calls on an MCP session take the fast lane; fastify serves everything else (and inject()).
    serverFactory: (handler, options) => {
      const server = createServer((req, res) => lane(req, res) || handler(req, res));
      // What fastify sets on the server it would have made itself.
      const timeouts = options as { keepAliveTimeout?: number; requestTimeout?: number };
      server.keepAliveTimeout = timeouts.keepAliveTimeout ?? server.keepAliveTimeout;
      server.requestTimeout = timeouts.requestTimeout ?? server.requestTimeout;
      return server;
    },
  });
  const startedAt = new Date();
  await app.register(helmet, HELMET_OPTIONS);

  app.setErrorHandler((error, request, reply) => {
    const { status, body } = toHttpError(error);
    if (status >= 500) request.log.error({ err: error }, "request failed");
    return reply.code(status).send(body);
  });

  app.get("/health/live", async () => ({ status: "ok" }));
  app.get("/health/ready", async (_request, reply) =>
    deps.ready()
      ? { status: "ready" }
      : reply.code(503).send({ status: "starting", reason: deps.notReadyReason?.() ?? "starting up" }),
  );
  app.get("/metrics", async (_request, reply) =>
    reply.type(deps.metrics.contentType).send(await deps.metrics.render()),
  );

  // The registry's notifications: outside /api (the registry is not a user and sends its own credential).
  if (deps.registry) {
    const registry = deps.registry;
    await app.register(async (scope) => {
      scope.addContentTypeParser(
        REGISTRY_EVENTS_TYPE,
        { parseAs: "string", bodyLimit: NOTIFICATION_BODY_LIMIT },
        (_request, body, done) => {
          try {
            done(null, JSON.parse(body as string));
          } catch {
            // Unreadable JSON is no notification: the route answers it (401, or 400 with the credential), not a 500.
            done(null, undefined);
          }
        },
      );
      scope.post(
        "/registry/notifications",
        { bodyLimit: NOTIFICATION_BODY_LIMIT },
        async (request, reply) => {
          const outcome = registry.notified(request.headers.authorization, request.body);
          return reply.code(outcome === "accepted" ? 202 : outcome === "unauthorized" ? 401 : 400).send();
        },
      );
    });
  }

  // Outside /api: the user's browser comes back here from an authorization server, without the hub's token.
  if (deps.authorizations)
    await app.register(oauthCallback, { authorizations: deps.authorizations, guard: deps.guard });
  await app.register(mcpTransport, { hub: deps.hub, guard: deps.guard, streamable });
  await app.register(apiRoutes, {
    prefix: "/api",
    hub: createHubControl(deps.hub, { state: deps.state, startedAt }),
    guard: deps.guard,
    audit: deps.audit,
    state: deps.state,
    secrets: deps.secrets,
    version: deps.version,
    startedAt,
    rotateToken: deps.rotateToken,
    rateLimitPerMinute: deps.apiRateLimit,
    registry: deps.registry,
    migrations: deps.migrations,
    dockerResources: deps.dockerResources,
    agents: deps.agents,
  });
  if (deps.uiDir) await app.register(dashboard, { uiDir: deps.uiDir });
  return app;
}

import { createServer } from "node:http";
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from "fastify";
import helmet from "@fastify/helmet";
import { apiRoutes } from "./api/index.js";
import type { AuditLog } from "./audit/index.js";
import type { CreatedResources } from "./builtin/index.js";
import { dashboard } from "./dashboard/index.js";
import type { SecretStore, StateStore } from "./config/index.js";
import { toHttpError } from "./errors/index.js";
import { createHubControl, type Hub } from "./hub/index.js";
import type { Logger } from "./log/index.js";
import type { HubMetrics } from "./metrics/index.js";
import type { RegistryStatus } from "./registry/index.js";
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
  /** The hub-managed local registry, shown in GET /api/status. */
  registry?: () => RegistryStatus;
  /** What the docker tools created, for the dashboard's Docker page (GET /api/docker). */
  dockerResources?: () => Promise<CreatedResources>;
}

/**
 * Request bodies are checked with zod (api/body.ts) and no route declares a JSON schema, so fastify's ajv and
 * fast-json-stringify compilers — ~1.5 MB of heap in every hub — are never loaded. A route that declares a schema
 * fails at start-up, saying so.
 */
const noSchemaCompiler = () => {
  throw new Error("hub routes declare no JSON schemas: check request bodies with zod (api/body.ts)");
};
export const WITHOUT_SCHEMA_COMPILERS = {
  compilersFactory: { buildValidator: noSchemaCompiler, buildSerializer: noSchemaCompiler },
};

/** The whole HTTP surface as one fastify app; listening happens in main.ts (and tests use inject or port 0). */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const streamable = createMcpEndpoint(deps.hub);
  const lane = createFastLane({ guard: deps.guard, streamable, bodyLimit: MCP_BODY_LIMIT });
  const app = Fastify({
    loggerInstance: deps.log as FastifyBaseLogger,
    bodyLimit: MCP_BODY_LIMIT,
    // A log line per request would dominate the hot path; calls go to the audit log instead.
    logController: new LogController({ disableRequestLogging: true }),
    schemaController: WITHOUT_SCHEMA_COMPILERS,
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
    dockerResources: deps.dockerResources,
  });
  if (deps.uiDir) await app.register(dashboard, { uiDir: deps.uiDir });
  return app;
}

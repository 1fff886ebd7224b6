import type { FastifyInstance } from "fastify";
import rateLimit from "@fastify/rate-limit";
import { z } from "zod";
import type { AuditLog } from "../audit/index.js";
import type { CreatedResources } from "../builtin/index.js";
import {
  secretNameSchema,
  serverConfigSchema,
  serverNameSchema,
  type SecretStore,
  type StateStore,
} from "../config/index.js";
import type { HubControl } from "../hub/index.js";
import type { RegistryStatus } from "../registry/index.js";
import { refuse, type Guard } from "../transport/index.js";
import { parseBody } from "./body.js";
import { streamEvents } from "./events.js";
import { clientRoutes } from "./clients.js";
import { settingsRoutes } from "./settings.js";
import { tryItRoutes } from "./tryIt.js";

/** The REST API takes small JSON documents; anything bigger is a mistake or an attack. */
const API_BODY_LIMIT = 256 * 1024;
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
  registry?: () => RegistryStatus;
  dockerResources?: () => Promise<CreatedResources>;
}

const nameParams = z.object({ name: serverNameSchema });
const auditQuery = z.object({
  limit: z.coerce.number().int().min(1).max(5000).optional(),
  server: z.string().optional(),
  outcome: z.string().optional(),
  since: z.string().optional(),
});

/** REST for the UI and the CLI, under /api, behind the token, rate-limited. */
export async function apiRoutes(app: FastifyInstance, options: ApiOptions) {
  const { hub, guard, audit } = options;
  await app.register(rateLimit, {
    max: options.rateLimitPerMinute ?? API_RATE_PER_MINUTE,
    timeWindow: "1 minute",
  });
  app.addHook("onRequest", async (request, reply) => {
    const refusal = guard.refusalFor(request);
    if (refusal) return refuse(reply, refusal, false);
  });

  app.get("/status", async () => ({
    version: options.version,
    startedAt: options.startedAt.toISOString(),
    uptimeSeconds: Math.round((Date.now() - options.startedAt.getTime()) / 1000),
    ...hub.counts(),
    registry: options.registry?.() ?? { state: "disabled" },
  }));

  app.get("/servers", async () => ({ servers: hub.servers() }));

  app.post("/servers", { bodyLimit: API_BODY_LIMIT }, async (request, reply) => {
    const view = await hub.add(parseBody(serverConfigSchema, request.body));
    return reply.code(201).send(view);
  });

  app.get("/servers/:name", async (request) => hub.server(parseBody(nameParams, request.params).name));

  app.delete("/servers/:name", async (request, reply) => {
    await hub.remove(parseBody(nameParams, request.params).name);
    return reply.code(204).send();
  });

  for (const action of ["enable", "disable", "restart"] as const)
    app.post(`/servers/:name/${action}`, async (request) => {
      const { name } = parseBody(nameParams, request.params);
      return action === "restart" ? hub.restart(name) : hub.setEnabled(name, action === "enable");
    });

  app.get("/servers/:name/logs", async (request) => {
    const { name } = parseBody(nameParams, request.params);
    return { name, lines: hub.logs(name) };
  });

  app.get("/servers/:name/tools", async (request) => ({
    tools: hub.tools(parseBody(nameParams, request.params).name),
  }));

  // What the docker tools created (labels say so), whether or not the docker server is on: the Docker page.
  app.get("/docker", async (_request, reply) =>
    options.dockerResources
      ? options.dockerResources()
      : reply
          .code(501)
          .send({ error: "not_implemented", message: "this hub does not read the Docker engine" }),
  );

  // Discovery also runs every 30 s; this lets a user (or a test) pick up a new labelled container at once.
  app.post("/discover", async () => ({ discovered: await hub.discover() }));

  app.get("/audit", async (request) => ({ events: audit.recent(parseBody(auditQuery, request.query)) }));

  app.get("/secrets", async () => ({ names: await options.secrets.names() }));
  app.put("/secrets/:name", { bodyLimit: API_BODY_LIMIT }, async (request, reply) => {
    const { name } = parseBody(z.object({ name: secretNameSchema }), request.params);
    const { value } = parseBody(z.object({ value: z.string().min(1) }), request.body);
    await options.secrets.set(name, value);
    return reply.code(204).send();
  });
  app.delete("/secrets/:name", async (request, reply) => {
    const { name } = parseBody(z.object({ name: secretNameSchema }), request.params);
    return (await options.secrets.remove(name))
      ? reply.code(204).send()
      : reply.code(404).send({ error: "not_found", message: `no secret named "${name}"` });
  });

  app.get("/events", (request, reply) => streamEvents(request, reply, { hub, audit }));
  // Plain calls, not app.register: these options carry the /api prefix, which a child plugin would add again.
  settingsRoutes(app, options);
  clientRoutes(app, options);
  tryItRoutes(app, options);
}

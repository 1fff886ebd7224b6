import type { FastifyReply } from "fastify";
import {
  clientParamsSchema,
  clientPreviewSchema,
  clientSetupGuideSchema,
  clientSetupQuerySchema,
  clientsResponseSchema,
  connectBodySchema,
  connectResultSchema,
  disconnectBodySchema,
  disconnectResultSchema,
  errorBodySchema,
  noBackupErrorSchema,
  previewBodySchema,
  restoredSchema,
} from "@mcp-hub/contracts";
import { z } from "zod";
import {
  clientSetup,
  connect,
  detectClients,
  disconnect,
  hostMountFromEnv,
  mountedEnvContext,
  placeholderEnv,
  previewConnect,
  previewDisconnect,
  restore,
  type HostMountFromEnv,
  type HubEntryOptions,
  type TargetOptions,
} from "../clients/index.js";
import type { ApiApp, ApiOptions } from "./routes.js";
import { answers } from "./zodCompilers.js";

/**
 * Client wiring over REST: GET /api/clients, POST /api/clients/:id/{preview,connect,disconnect,restore}.
 * GET /api/clients/setup answers everywhere: how to wire each client by hand (the entries `connect` writes, and
 * the host helper commands), for the user's platform (?platform=, default the mounted host's, else linux).
 * The others are live only when the hub can see the user's files, i.e. its container has the user's home
 * bind-mounted (HUB_HOST_HOME + HUB_HOST_PLATFORM + HUB_HOST_USER_HOME; standalone Linux installs can do that).
 * Inside Docker Desktop the hub runs in the VM without the user's home: the extension uses the host helper (host/).
 * Added by apiRoutes, so the token guard and rate limit apply.
 */
export function clientRoutes(
  app: ApiApp,
  _options: ApiOptions,
  host: HostMountFromEnv = hostMountFromEnv(process.env),
  hub: Partial<HubEntryOptions> = {},
) {
  const target = (): TargetOptions | undefined =>
    host.ok ? { env: mountedEnvContext(host.mount), scope: "user", hub } : undefined;
  const unavailable = (reply: FastifyReply) =>
    reply.code(501).send({
      error: "not_implemented",
      message: `the hub cannot edit client configs here: ${host.ok ? "" : host.reason}. The dashboard and the Docker Desktop extension connect clients through the host helper (mcp-hub-host), or run \`mcp-hub client connect <client>\` on your machine.`,
    });
  const params = clientParamsSchema;

  app.get(
    "/clients/setup",
    { schema: { querystring: clientSetupQuerySchema, response: answers(clientSetupGuideSchema) } },
    async (request) => {
      const { platform } = request.query;
      // The mounted home gives the user's own paths; otherwise paths start at the platform's placeholder home.
      if (host.ok && (platform ?? host.mount.platform) === host.mount.platform)
        return clientSetup({ env: mountedEnvContext(host.mount), hub, exactHome: true });
      return clientSetup({ env: placeholderEnv(platform ?? "linux"), hub, exactHome: false });
    },
  );

  app.get("/clients", { schema: { response: answers(clientsResponseSchema) } }, async (_request, reply) => {
    const options = target();
    if (!options) return unavailable(reply);
    return { platform: options.env.platform, clients: await detectClients(options) };
  });

  app.post(
    "/clients/:id/preview",
    {
      schema: { params, body: previewBodySchema, response: answers(clientPreviewSchema) },
    },
    async (request, reply) => {
      const options = target();
      if (!options) return unavailable(reply);
      const { action, ...body } = request.body;
      const run = { ...options, ...body };
      const { id } = request.params;
      return action === "disconnect" ? previewDisconnect(id, run) : previewConnect(id, run);
    },
  );

  app.post(
    "/clients/:id/connect",
    {
      schema: { params, body: connectBodySchema, response: answers(connectResultSchema) },
    },
    async (request, reply) => {
      const options = target();
      if (!options) return unavailable(reply);
      const { id } = request.params;
      const result = await connect(id, { ...options, ...request.body });
      request.log.info({ client: id, file: result.file, status: result.status }, "client connect via API");
      return result;
    },
  );

  app.post(
    "/clients/:id/disconnect",
    {
      schema: {
        params,
        body: disconnectBodySchema,
        response: answers(disconnectResultSchema),
      },
    },
    async (request, reply) => {
      const options = target();
      if (!options) return unavailable(reply);
      const { id } = request.params;
      const result = await disconnect(id, { ...options, ...request.body });
      request.log.info({ client: id, file: result.file, status: result.status }, "client disconnect via API");
      return result;
    },
  );

  app.post(
    "/clients/:id/restore",
    // Nothing to restore is a 404 that still says where it looked.
    {
      schema: {
        params,
        response: { ...answers(restoredSchema), "4xx": z.union([noBackupErrorSchema, errorBodySchema]) },
      },
    },
    async (request, reply) => {
      const options = target();
      if (!options) return unavailable(reply);
      const result = await restore(request.params.id, options);
      return result.status === "no-backup"
        ? reply.code(404).send({ error: "no_backup", message: `no backup at ${result.backup}`, ...result })
        : result;
    },
  );
}

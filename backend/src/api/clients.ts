import type { FastifyInstance, FastifyReply } from "fastify";
import { z } from "zod";
import {
  CLIENT_IDS,
  clientSetup,
  connect,
  detectClients,
  disconnect,
  hostMountFromEnv,
  mountedEnvContext,
  placeholderEnv,
  PLATFORMS,
  previewConnect,
  previewDisconnect,
  restore,
  type HostMountFromEnv,
  type HubEntryOptions,
  type TargetOptions,
} from "../clients/index.js";
import type { ApiOptions } from "./routes.js";
import { parseBody } from "./body.js";

const idParams = z.object({ id: z.enum(CLIENT_IDS) });
const entryBody = z
  .object({ transport: z.enum(["stdio", "http"]).optional(), force: z.boolean().optional() })
  .strict();
const previewBody = entryBody
  .extend({ action: z.enum(["connect", "disconnect"]).default("connect") })
  .strict();
const setupQuery = z.object({ platform: z.enum(PLATFORMS).optional() }).strict();

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
  app: FastifyInstance,
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

  app.get("/clients/setup", async (request) => {
    const { platform } = parseBody(setupQuery, request.query ?? {});
    // The mounted home gives the user's own paths; otherwise paths start at the platform's placeholder home.
    if (host.ok && (platform ?? host.mount.platform) === host.mount.platform)
      return clientSetup({ env: mountedEnvContext(host.mount), hub, exactHome: true });
    return clientSetup({ env: placeholderEnv(platform ?? "linux"), hub, exactHome: false });
  });

  app.get("/clients", async (_request, reply) => {
    const options = target();
    if (!options) return unavailable(reply);
    return { platform: options.env.platform, clients: await detectClients(options) };
  });

  app.post("/clients/:id/preview", async (request, reply) => {
    const options = target();
    if (!options) return unavailable(reply);
    const { id } = parseBody(idParams, request.params);
    const body = parseBody(previewBody, request.body ?? {});
    const run = { ...options, transport: body.transport, force: body.force };
    return body.action === "disconnect" ? previewDisconnect(id, run) : previewConnect(id, run);
  });

  app.post("/clients/:id/connect", async (request, reply) => {
    const options = target();
    if (!options) return unavailable(reply);
    const { id } = parseBody(idParams, request.params);
    const body = parseBody(entryBody, request.body ?? {});
    const result = await connect(id, { ...options, ...body });
    request.log.info({ client: id, file: result.file, status: result.status }, "client connect via API");
    return result;
  });

  app.post("/clients/:id/disconnect", async (request, reply) => {
    const options = target();
    if (!options) return unavailable(reply);
    const { id } = parseBody(idParams, request.params);
    const body = parseBody(entryBody.pick({ force: true }).strict(), request.body ?? {});
    const result = await disconnect(id, { ...options, ...body });
    request.log.info({ client: id, file: result.file, status: result.status }, "client disconnect via API");
    return result;
  });

  app.post("/clients/:id/restore", async (request, reply) => {
    const options = target();
    if (!options) return unavailable(reply);
    const { id } = parseBody(idParams, request.params);
    const result = await restore(id, options);
    return result.status === "no-backup"
      ? reply.code(404).send({ error: "no_backup", message: `no backup at ${result.backup}`, ...result })
      : result;
  });
}

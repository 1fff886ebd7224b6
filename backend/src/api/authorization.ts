import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { authorizationStartSchema, serverParamsSchema, serverViewSchema } from "@mcp-hub/contracts";
import { z } from "zod";
import { callbackPage, CALLBACK_PAGE_HEADERS, CALLBACK_PATH, type Authorizations } from "../oauth/index.js";
import type { Guard } from "../transport/index.js";
import type { ApiApp, ApiOptions } from "./routes.js";
import { answers } from "./zodCompilers.js";

/** POST and DELETE /api/servers/:name/auth: an authorization page for a remote server, and revocation. */
export function authorizationRoutes(app: ApiApp, options: ApiOptions) {
  const { hub } = options;
  const named = { params: serverParamsSchema };
  app.post(
    "/servers/:name/auth",
    { schema: { ...named, response: answers(authorizationStartSchema) } },
    async (request) => hub.authorize(request.params.name),
  );
  app.delete(
    "/servers/:name/auth",
    { schema: { ...named, response: answers(serverViewSchema) } },
    async (request) => hub.revokeAuthorization(request.params.name),
  );
}

/** The authorization response (RFC 6749 §4.1.2, RFC 9207's iss): bounded, each field optional. */
const callbackQuerySchema = z.object({
  state: z.string().max(512).optional(),
  code: z.string().max(4096).optional(),
  iss: z.string().max(2048).optional(),
  error: z.string().max(256).optional(),
  error_description: z.string().max(2048).optional(),
});

/**
 * GET /oauth/callback, where the user's browser comes back from the authorization server: on the hub's own port,
 * without the bearer token (the browser has none), guarded by the single-use `state` and the Host check. It answers
 * with a page for the user; nothing of the query is logged.
 */
export async function oauthCallback(
  scope: FastifyInstance,
  options: { authorizations: Authorizations; guard: Guard },
) {
  const app = scope.withTypeProvider<ZodTypeProvider>();
  app.get(CALLBACK_PATH, { schema: { querystring: callbackQuerySchema } }, async (request, reply) => {
    const host = options.guard.checkOrigin(request);
    if (!host.ok) return reply.code(host.status).send({ error: "forbidden", message: host.message });
    const { state, code, iss, error, error_description: errorDescription } = request.query;
    const result = await options.authorizations.callback(state, { code, iss, error, errorDescription });
    request.log.info(
      { outcome: result.outcome, server: "server" in result ? result.server : undefined },
      "authorization callback",
    );
    const page = callbackPage(result);
    return reply.code(page.status).headers(CALLBACK_PAGE_HEADERS).send(page.html);
  });
}

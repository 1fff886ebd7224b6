import {
  settingsPatchSchema,
  settingsResponseSchema,
  tokenRotateResponseSchema,
  type Settings,
  type SettingsResponse,
} from "@mcp-hub/contracts";
import type { ApiApp, ApiOptions } from "./routes.js";
import { answers } from "./zodCompilers.js";

/** A TCP port from the environment, or undefined when unset or not a port. */
function envPort(value: string | undefined): number | undefined {
  const port = Number(value);
  return value && Number.isInteger(port) && port > 0 && port <= 65_535 ? port : undefined;
}

/**
 * The host ports, read-only. In a container the hub listens on 3010 but `make run` publishes it elsewhere, so
 * scripts/hub-up.sh passes the published port as HUB_PUBLIC_PORT, and the registry it started as HUB_REGISTRY_PORT
 * (which then wins over the stored default, or the page would show a port nothing listens on).
 */
function withPorts(settings: Settings, env: NodeJS.ProcessEnv = process.env) {
  return {
    ...settings,
    registryPort: envPort(env.HUB_REGISTRY_PORT) ?? settings.registryPort,
    hubPort: envPort(env.HUB_PUBLIC_PORT) ?? envPort(env.HUB_PORT) ?? 3010,
  };
}

/** GET/PUT /api/settings and POST /api/token/rotate; added by apiRoutes, so the token guard applies. */
export function settingsRoutes(app: ApiApp, options: ApiOptions) {
  const { state } = options;
  // PUT answers with the same view as GET: the UI replaces its cached settings with the PUT response.
  const view = (settings: Settings): SettingsResponse => ({ settings: withPorts(settings) });
  const response = answers(settingsResponseSchema);

  app.get("/settings", { schema: { response } }, async () => view(state.current().settings));

  app.put("/settings", { schema: { body: settingsPatchSchema, response } }, async (request) => {
    const patch = request.body;
    const next = await state.update((draft) => {
      draft.settings = { ...draft.settings, ...patch };
    });
    return view(next.settings);
  });

  app.post(
    "/token/rotate",
    { schema: { response: answers(tokenRotateResponseSchema) } },
    async (_request, reply) => {
      if (!options.rotateToken)
        return reply
          .code(501)
          .send({ error: "not_implemented", message: "this hub cannot rotate its token at run time" });
      // The old token stops working at once: the caller gets the new one to store (the dashboard) or show (Desktop).
      return { token: await options.rotateToken() };
    },
  );
}

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
 * The host port, read-only. In a container the hub listens on 3010 but `make run` publishes it elsewhere, so
 * scripts/hub-up.sh passes the published port as HUB_PUBLIC_PORT.
 */
function hubPort(env: NodeJS.ProcessEnv = process.env): number {
  return envPort(env.HUB_PUBLIC_PORT) ?? envPort(env.HUB_PORT) ?? 3010;
}

/** GET/PUT /api/settings and POST /api/token/rotate; added by apiRoutes, so the token guard applies. */
export function settingsRoutes(app: ApiApp, options: ApiOptions) {
  const { state } = options;
  // PUT answers with the same view as GET: the UI replaces its cached settings with the PUT response.
  // The registry as it runs: the port really in use, which a taken port may have moved from the wanted one.
  const view = (settings: Settings): SettingsResponse => ({
    settings: {
      ...settings,
      hubPort: hubPort(),
      registry: options.registry?.status() ?? { state: "disabled" },
    },
  });
  const response = answers(settingsResponseSchema);

  app.get("/settings", { schema: { response } }, async () => view(state.current().settings));

  app.put("/settings", { schema: { body: settingsPatchSchema, response } }, async (request) => {
    const { registryPort, ...patch } = request.body;
    const next = await state.update((draft) => {
      draft.settings = { ...draft.settings, ...patch };
      // null: back to the default port (HUB_REGISTRY_PORT, else 5000).
      if (registryPort === null) delete draft.settings.registryPort;
      else if (registryPort !== undefined) draft.settings.registryPort = registryPort;
    });
    // A new registry port moves the registry (with its images) before the answer, so the view shows where it went.
    if (registryPort !== undefined) await options.registry?.ensure();
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

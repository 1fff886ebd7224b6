import type { FastifyInstance } from "fastify";
import { settingsSchema } from "../config/index.js";
import type { ApiOptions } from "./routes.js";
import { parseBody } from "./body.js";

/** What the UI may change; the registry port is fixed when the registry container is created, so it stays read-only. */
const settingsPatch = settingsSchema.pick({ callTimeoutMs: true, readOnly: true }).partial().strict();

/** GET/PUT /api/settings and POST /api/token/rotate; added by apiRoutes, so the token guard applies. */
export function settingsRoutes(app: FastifyInstance, options: ApiOptions) {
  const { state } = options;

  app.get("/settings", async () => ({ settings: state.current().settings }));

  app.put("/settings", async (request) => {
    const patch = parseBody(settingsPatch, request.body ?? {});
    const next = await state.update((draft) => {
      draft.settings = { ...draft.settings, ...patch };
    });
    return { settings: next.settings };
  });

  app.post("/token/rotate", async (_request, reply) => {
    if (!options.rotateToken)
      return reply
        .code(501)
        .send({ error: "not_implemented", message: "this hub cannot rotate its token at run time" });
    // The old token stops working at once: the caller gets the new one to store (the dashboard) or show (Desktop).
    return { token: await options.rotateToken() };
  });
}

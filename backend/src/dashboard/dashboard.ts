import { existsSync } from "node:fs";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import fastifyStatic from "@fastify/static";

export interface DashboardOptions {
  /** Folder holding the built UI (ui/build): index.html and assets/. */
  uiDir: string;
}

/**
 * Serves the same UI build that Docker Desktop shows in its tab, at `/` of the hub's port. The UI uses a hash
 * router, so only real files are served (no history fallback). The UI is public static content; the data behind it
 * is under /api and needs the token.
 */
export async function dashboard(app: FastifyInstance, options: DashboardOptions) {
  const index = join(options.uiDir, "index.html");
  if (!existsSync(index)) {
    // A hub run from source or an image built without the ui stage: say so instead of a bare 404.
    app.log.warn({ uiDir: options.uiDir }, "no dashboard build found; / answers 404 (set HUB_UI_DIR)");
    app.get("/", async (_request, reply) =>
      reply
        .code(404)
        .type("text/plain")
        .send(
          `No dashboard build in ${options.uiDir}. Build it with \`npm run build -w ui\` and set HUB_UI_DIR to ui/build, or use the hub image.\n`,
        ),
    );
    return;
  }
  await app.register(fastifyStatic, {
    root: options.uiDir,
    prefix: "/",
    index: ["index.html"],
    // Files under assets/ have content hashes in their names; everything else (index.html) must be revalidated.
    cacheControl: false,
    setHeaders: (res, path) => {
      res.setHeader(
        "cache-control",
        /[\\/]assets[\\/]/.test(path) ? "public, max-age=31536000, immutable" : "no-cache",
      );
    },
  });
}

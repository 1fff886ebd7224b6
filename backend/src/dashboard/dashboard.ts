import { existsSync } from "node:fs";
import { STATUS_CODES } from "node:http";
import { join, sep } from "node:path";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";

export interface DashboardOptions {
  /** Folder holding the built UI (ui/build): index.html and assets/. */
  uiDir: string;
}

type Send = typeof import("@fastify/send").default;
let sendLoading: Promise<Send> | undefined;
/**
 * The file server loads with the first dashboard request: Docker Desktop shows the UI from the extension image, so a
 * hub there never needs it, and every hub's idle memory is a target (docs/architecture.md).
 */
const loadSend = () => (sendLoading ??= import("@fastify/send").then((module) => module.default));

const IMMUTABLE = "public, max-age=31536000, immutable";

/**
 * Serves the same UI build that Docker Desktop shows in its tab, at `/` of the hub's port. The UI uses a hash
 * router, so only real files are served (no history fallback, no directory listings). The UI is public static
 * content; the data behind it is under /api and needs the token. @fastify/send does the HTTP file semantics (path
 * checks, ETag, conditional and range requests, HEAD).
 */
export async function dashboard(app: FastifyInstance, options: DashboardOptions) {
  if (!existsSync(join(options.uiDir, "index.html"))) {
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
  const assets = join(options.uiDir, "assets") + sep;

  const serve = async (request: FastifyRequest, reply: FastifyReply) => {
    const send = await loadSend();
    const pathname = (request.raw.url ?? "/").split("?", 1)[0]!;
    const result = await send(request.raw, pathname, {
      root: options.uiDir,
      index: ["index.html"],
      dotfiles: "ignore",
      cacheControl: false,
    });
    if (result.type === "directory") return reply.callNotFound();
    if (result.type === "error") {
      if (result.statusCode === 404) return reply.callNotFound();
      return reply
        .code(result.statusCode)
        .send({ statusCode: result.statusCode, error: STATUS_CODES[result.statusCode] });
    }
    // Files under assets/ have content hashes in their names; everything else (index.html) must be revalidated.
    const cacheControl = result.metadata.path.startsWith(assets) ? IMMUTABLE : "no-cache";
    return reply
      .code(result.statusCode)
      .headers({ ...result.headers, "cache-control": cacheControl })
      .send(result.stream);
  };
  app.get("/", serve);
  app.get("/*", serve);
}

import {
  contextParamsSchema,
  contextStoredSchema,
  localScanRequestSchema,
  migrationParamsSchema,
  MIGRATION_CONTEXT_MAX_BYTES,
  planRequestSchema,
  planSchema,
  reportSchema,
  rewriteOutcomeSchema,
  rewritesResponseSchema,
  rollbackRequestSchema,
  runRequestSchema,
  runSchema,
  runsResponseSchema,
  scanRequestSchema,
  scanSchema,
  scriptFoldersRequestSchema,
  type RunEvent,
} from "@mcp-hub/contracts";
import { BadRequest } from "../errors/index.js";
import type { Migrations } from "../migrate/index.js";
import { commentFrame, jsonEvent, openEventStream } from "../transport/index.js";
import type { ApiApp } from "./routes.js";
import { answers } from "./zodCompilers.js";

/** A scan carries whole client files (up to 32 of them): more than the API's usual small documents. */
const SCAN_BODY_LIMIT = 8 * 1024 * 1024;
const TAR_TYPE = "application/x-tar";
/** Keeps proxies and browsers from closing an idle stream while a build runs. */
const HEARTBEAT_MS = 15_000;

/**
 * The migration over REST (`/api/migrate/…`): scans (from the host helper, an upload or the CLI, or of the files
 * in the hub's own mount of the user's home) and the scripts' folders (each a tar stream, then what became of them),
 * plans, runs with their events (SSE; Docker Desktop polls the run instead), the rewrites the host side writes,
 * resume, rollback and the report. Shapes: contracts/src/migrate.ts and contracts/src/scriptFolders.ts.
 */
export function migrateRoutes(app: ApiApp, migrations: Migrations) {
  const id = { params: migrationParamsSchema };

  app.post(
    "/migrate/scans",
    { bodyLimit: SCAN_BODY_LIMIT, schema: { body: scanRequestSchema, response: answers(scanSchema) } },
    async (request, reply) => reply.code(201).send(await migrations.scan(request.body)),
  );
  // The hub reads the files itself when its container has the user's home; otherwise the host side sends them.
  app.post(
    "/migrate/scans/local",
    { schema: { body: localScanRequestSchema, response: answers(scanSchema) } },
    async (request, reply) => {
      const scanned = await migrations.scanLocal(request.body);
      if (scanned.status === "scanned") return reply.code(201).send(scanned.scan);
      return reply.code(501).send({
        error: "not_implemented",
        message: `the hub cannot read your client files here: ${scanned.reason}. Upload a client's config file instead, or scan on your machine with the host helper (mcp-hub-host migrate scan).`,
      });
    },
  );
  app.get("/migrate/scans/:id", { schema: { ...id, response: answers(scanSchema) } }, async (request) =>
    migrations.scanOf(request.params.id),
  );

  // A local script's folder as a tar stream; the route's own parser, capped, keeps it a Buffer.
  app.addContentTypeParser(
    TAR_TYPE,
    { parseAs: "buffer", bodyLimit: MIGRATION_CONTEXT_MAX_BYTES },
    (_request, body, done) => done(null, body),
  );
  app.put(
    "/migrate/scans/:id/contexts/:key",
    {
      bodyLimit: MIGRATION_CONTEXT_MAX_BYTES,
      schema: { params: contextParamsSchema, response: answers(contextStoredSchema) },
    },
    async (request) => {
      if (!Buffer.isBuffer(request.body))
        throw new BadRequest(`send the folder as ${TAR_TYPE} (at most ${MIGRATION_CONTEXT_MAX_BYTES} bytes)`);
      return migrations.putContext(request.params.id, request.params.key, request.body);
    },
  );
  // Then what became of each folder (sent, or refused and why), so that the hub's scan says it.
  app.put(
    "/migrate/scans/:id/folders",
    { schema: { ...id, body: scriptFoldersRequestSchema, response: answers(scanSchema) } },
    async (request) => migrations.putFolders(request.params.id, request.body.folders),
  );

  app.post(
    "/migrate/plans",
    { schema: { body: planRequestSchema, response: answers(planSchema) } },
    async (request, reply) => reply.code(201).send(await migrations.plan(request.body)),
  );
  app.get("/migrate/plans/:id", { schema: { ...id, response: answers(planSchema) } }, async (request) =>
    migrations.planOf(request.params.id),
  );

  app.post(
    "/migrate/runs",
    { schema: { body: runRequestSchema, response: answers(runSchema) } },
    async (request, reply) => reply.code(202).send(await migrations.start(request.body)),
  );
  app.get("/migrate/runs", { schema: { response: answers(runsResponseSchema) } }, async () => ({
    runs: migrations.runs(),
  }));
  app.get("/migrate/runs/:id", { schema: { ...id, response: answers(runSchema) } }, async (request) =>
    migrations.run(request.params.id),
  );
  app.get("/migrate/runs/:id/events", { schema: id }, (request, reply) => {
    const runId = request.params.id;
    const run = migrations.run(runId); // an unknown run is a 404 before the stream opens
    reply.hijack();
    const res = reply.raw;
    openEventStream(res, { flush: false }); // the head leaves with the first event
    const send = (event: RunEvent) => res.write(jsonEvent(event.event, event.data));
    send({ event: "run", data: run });
    const unsubscribe = migrations.subscribe(runId, send);
    const heartbeat = setInterval(() => res.write(commentFrame("heartbeat")), HEARTBEAT_MS);
    request.raw.on("close", () => {
      clearInterval(heartbeat);
      unsubscribe();
    });
  });

  app.get(
    "/migrate/runs/:id/rewrites",
    { schema: { ...id, response: answers(rewritesResponseSchema) } },
    async (request) => ({ rewrites: migrations.rewrites(request.params.id) }),
  );
  app.post(
    "/migrate/runs/:id/rewrites",
    { schema: { ...id, body: rewriteOutcomeSchema, response: answers(runSchema) } },
    async (request) => migrations.outcomes(request.params.id, request.body),
  );
  app.post(
    "/migrate/runs/:id/resume",
    { schema: { ...id, response: answers(runSchema) } },
    async (request, reply) => reply.code(202).send(await migrations.resume(request.params.id)),
  );
  app.post(
    "/migrate/runs/:id/rollback",
    { schema: { ...id, body: rollbackRequestSchema, response: answers(runSchema) } },
    async (request) => migrations.rollback(request.params.id, request.body.server),
  );
  app.get(
    "/migrate/runs/:id/report",
    { schema: { ...id, response: answers(reportSchema) } },
    async (request) => migrations.report(request.params.id),
  );
}

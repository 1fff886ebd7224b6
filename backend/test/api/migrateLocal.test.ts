import { mkdirSync } from "node:fs";
import type { Plan, Scan } from "@mcp-hub/contracts";
import Fastify, { type FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { afterEach, describe, expect, it } from "vitest";
import { migrateRoutes } from "../../src/api/migrate.js";
import { ZOD_SCHEMA_COMPILERS } from "../../src/api/zodCompilers.js";
import { toHttpError } from "../../src/errors/index.js";
import {
  CLAUDE_FILE,
  CLAUDE_TEXT,
  GITHUB_TOKEN,
  startRunKit,
  USER_HOME,
  VSCODE_FILE,
  VSCODE_TEXT,
  type RunKit,
} from "../migrate/runKit.js";

/** The migration routes alone, with the app's error mapping, over a run kit's migrations. */
async function migrateApi(kit: RunKit): Promise<FastifyInstance> {
  const app = Fastify({ schemaController: ZOD_SCHEMA_COMPILERS });
  app.setErrorHandler((error, _request, reply) => {
    const { status, body } = toHttpError(error);
    return reply.code(status).send(body);
  });
  migrateRoutes(app.withTypeProvider<ZodTypeProvider>(), kit.migrations);
  await app.ready();
  return app;
}

let kit: RunKit | undefined;
let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  kit?.close();
});

describe("POST /migrate/scans/local", () => {
  it("reads every client's file from the mounted home, says which it could not read, and plans from it", async () => {
    kit = await startRunKit();
    kit.write(CLAUDE_FILE, CLAUDE_TEXT);
    kit.write(VSCODE_FILE, VSCODE_TEXT);
    // Cursor's config path is a folder: a file that exists but cannot be read.
    mkdirSync(kit.local(`${USER_HOME}/.cursor/mcp.json`), { recursive: true });
    app = await migrateApi(kit);

    const res = await app.inject({ method: "POST", url: "/migrate/scans/local" });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.body).not.toContain(GITHUB_TOKEN);
    const scan = res.json<Scan>();
    expect(scan.platform).toBe("linux");
    expect(scan.files.map((f) => [f.origin, f.file, f.status])).toEqual([
      ["claude-desktop", CLAUDE_FILE, "ok"],
      ["vscode", VSCODE_FILE, "ok"],
      ["cursor", `${USER_HOME}/.cursor/mcp.json`, "invalid"],
    ]);
    const [claude, , cursor] = scan.files;
    expect(claude?.status === "ok" && claude.candidates.map((c) => c.entryName)).toEqual([
      "memory",
      "github",
      "filesystem",
      "weather",
      "remote",
      "weird",
    ]);
    expect(cursor).toMatchObject({ error: { message: expect.stringContaining("could not be read") } });

    const plan = await app.inject({ method: "POST", url: "/migrate/plans", payload: { scan: scan.id } });
    expect(plan.statusCode, plan.body).toBe(201);
    expect(plan.json<Plan>().servers.map((s) => s.name)).toContain("github");
  });

  it("packs each local script's folder from the mount for its build, and says why when it cannot", async () => {
    kit = await startRunKit();
    kit.write(`${USER_HOME}/tools/shout/server.py`, "print('hi')\n");
    kit.write(`${USER_HOME}/tools/shout/.env`, "KEY=never-sent\n");
    const servers = {
      shout: { command: "python3", args: [`${USER_HOME}/tools/shout/server.py`] },
      away: { command: "node", args: ["/opt/elsewhere/server.js"] },
      workspace: { command: "node", args: ["${workspaceFolder}/server.js"] },
    };
    kit.write(CLAUDE_FILE, JSON.stringify({ mcpServers: servers }));
    app = await migrateApi(kit);

    const scan = (await app.inject({ method: "POST", url: "/migrate/scans/local" })).json<Scan>();
    expect(scan.folders).toEqual([
      expect.objectContaining({ entryName: "shout", status: "sent", files: 1, leftOut: [".env"] }),
      expect.objectContaining({
        entryName: "away",
        status: "refused",
        reason: expect.stringMatching(/^\/opt\/elsewhere is outside your home/),
      }),
      expect.objectContaining({ entryName: "workspace", status: "refused", needsWorkspaceFolder: true }),
    ]);
    const plan = await app.inject({ method: "POST", url: "/migrate/plans", payload: { scan: scan.id } });
    const { run } = await kit.run(plan.json<Plan>(), { until: ["done"] });
    expect(kit.packager.scriptContexts.get("shout")?.toString()).toContain("print('hi')");
    expect(kit.packager.scriptContexts.get("shout")?.toString()).not.toContain("never-sent");
    const away = run.servers.find((s) => s.name === "away");
    expect(away?.error).toMatch(/could not be packed: \/opt\/elsewhere is outside your home/);
    // Said so the dashboard, which ran it, can act on it: no CLI flag.
    expect(run.servers.find((s) => s.name === "workspace")).toMatchObject({
      state: "failed",
      error:
        "${workspaceFolder}/server.js starts at a folder only the client knows, so its folder was not sent",
      fix: "point the entry at the script's full path, then scan again, plan and run",
    });
  });

  it("scans only the clients named", async () => {
    kit = await startRunKit();
    kit.write(CLAUDE_FILE, CLAUDE_TEXT);
    kit.write(VSCODE_FILE, VSCODE_TEXT);
    app = await migrateApi(kit);
    const res = await app.inject({
      method: "POST",
      url: "/migrate/scans/local",
      payload: { clients: ["vscode"] },
    });
    expect(res.json<Scan>().files.map((f) => f.origin)).toEqual(["vscode"]);
    const unknown = await app.inject({
      method: "POST",
      url: "/migrate/scans/local",
      payload: { clients: ["notepad"] },
    });
    expect(unknown.statusCode).toBe(400);
  });

  it("answers 501 on a hub without the user's home, saying what to do instead", async () => {
    kit = await startRunKit({ writable: false });
    app = await migrateApi(kit);
    const res = await app.inject({ method: "POST", url: "/migrate/scans/local", payload: {} });
    expect(res.statusCode).toBe(501);
    expect(res.json()).toMatchObject({
      error: "not_implemented",
      message: expect.stringMatching(/no host home.*Upload a client's config file instead/),
    });
  });
});

import type { ClientSetupGuide } from "@mcp-hub/contracts";
import Fastify, { type FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { afterEach, describe, expect, it } from "vitest";
import { clientRoutes } from "../../src/api/clients.js";
import type { ApiOptions } from "../../src/api/index.js";
import { ZOD_SCHEMA_COMPILERS } from "../../src/api/zodCompilers.js";
import { hostMountFromEnv } from "../../src/clients/index.js";
import { toHttpError } from "../../src/errors/index.js";

/** The client routes alone, with the app's error mapping; the host home as a hub's environment would give it. */
async function clientApi(env: Record<string, string>): Promise<FastifyInstance> {
  const app = Fastify({ schemaController: ZOD_SCHEMA_COMPILERS });
  app.setErrorHandler((error, _request, reply) => {
    const { status, body } = toHttpError(error);
    return reply.code(status).send(body);
  });
  // The client routes read nothing from the API options.
  clientRoutes(app.withTypeProvider<ZodTypeProvider>(), {} as ApiOptions, hostMountFromEnv(env));
  await app.ready();
  return app;
}

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
});

describe("GET /clients/setup", () => {
  it("answers on a hub without the user's home, where the other client routes answer 501", async () => {
    app = await clientApi({});
    expect((await app.inject({ method: "GET", url: "/clients" })).statusCode).toBe(501);
    const res = await app.inject({ method: "GET", url: "/clients/setup" });
    expect(res.statusCode).toBe(200);
    const guide = res.json<ClientSetupGuide>();
    expect(guide).toMatchObject({ platform: "linux", home: "~", exactHome: false });
    expect(guide.clients.find((c) => c.client === "claude-desktop")?.options[0]?.command).toBe(
      "host/linux/mcp-hub-host connect claude-desktop",
    );

    const windows = await app.inject({ method: "GET", url: "/clients/setup?platform=win32" });
    expect(windows.json<ClientSetupGuide>()).toMatchObject({ platform: "win32", home: "%USERPROFILE%" });
  });

  it("uses the mounted home's paths for its platform, and placeholders for another", async () => {
    app = await clientApi({
      HUB_HOST_HOME: "/host-home",
      HUB_HOST_PLATFORM: "darwin",
      HUB_HOST_USER_HOME: "/Users/alice",
    });
    const own = (await app.inject({ method: "GET", url: "/clients/setup" })).json<ClientSetupGuide>();
    expect(own).toMatchObject({ platform: "darwin", home: "/Users/alice", exactHome: true });
    expect(own.clients.find((c) => c.client === "cursor")?.file).toBe("/Users/alice/.cursor/mcp.json");
    const other = await app.inject({ method: "GET", url: "/clients/setup?platform=linux" });
    expect(other.json<ClientSetupGuide>()).toMatchObject({ platform: "linux", home: "~", exactHome: false });
  });

  it("refuses an unknown platform, naming the ones it knows", async () => {
    app = await clientApi({});
    const res = await app.inject({ method: "GET", url: "/clients/setup?platform=beos" });
    expect(res.statusCode).toBe(400);
    expect(res.json<{ message: string }>().message).toMatch(/^platform: .*"darwin".*"win32".*"linux"/);
  });
});

import { createRequire } from "node:module";
import Fastify from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { describe, expect, it } from "vitest";
import { z } from "zod";
// Not through api/index.js: that loads the MCP SDK, which has an ajv of its own.
import { ZOD_SCHEMA_COMPILERS } from "../../src/api/zodCompilers.js";
import { toHttpError } from "../../src/errors/index.js";

/**
 * Fastify's default compilers and what they load: ajv (with its formats) and fast-json-stringify's compiler. (Its
 * small runtime, fast-json-stringify/lib/serializer.js, serves fastify's prebuilt error serializer: always there.)
 */
const FASTIFY_COMPILERS =
  /[\\/]node_modules[\\/](@fastify[\\/](ajv-compiler|fast-json-stringify-compiler)|ajv|ajv-formats|fast-json-stringify[\\/]index\.js)/;
const loadedCompilers = () =>
  Object.keys(createRequire(import.meta.url).cache).filter((f) => FASTIFY_COMPILERS.test(f));

async function zodApp() {
  const app = Fastify({ schemaController: ZOD_SCHEMA_COMPILERS }).withTypeProvider<ZodTypeProvider>();
  app.setErrorHandler((error, _request, reply) => {
    const { status, body } = toHttpError(error);
    return reply.code(status).send(body);
  });
  const item = z.object({ id: z.number().int(), tags: z.array(z.string().min(1)).default([]) });
  app.post(
    "/items",
    {
      schema: {
        body: z.object({ items: z.array(item).default([]) }),
        response: { 200: z.object({ count: z.number() }) },
      },
    },
    async (request) => ({ count: request.body.items.length, extra: "dropped" }),
  );
  app.get(
    "/wrong",
    { schema: { response: { 200: z.object({ count: z.number() }) } } },
    async () => ({}) as never,
  );
  await app.ready();
  return app;
}

describe("the hub's fastify with zod schema compilers", () => {
  it("parses bodies with zod and writes only what the response schema declares", async () => {
    const app = await zodApp();
    const ok = await app.inject({
      method: "POST",
      url: "/items",
      payload: { items: [{ id: 1 }, { id: 2 }] },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ count: 2 });
    const absent = await app.inject({ method: "POST", url: "/items" });
    expect(absent.json()).toEqual({ count: 0 });
    await app.close();
  });

  it("answers a bad body with 400 naming each field path and reason on one line", async () => {
    const app = await zodApp();
    const bad = await app.inject({
      method: "POST",
      url: "/items",
      payload: { items: [{ id: 1.5, tags: [""] }] },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toEqual({
      error: "bad_request",
      message: expect.stringMatching(/^items\[0\]\.id: .*; items\[0\]\.tags\[0\]: .*$/),
    });
    const notObject = await app.inject({ method: "POST", url: "/items", payload: [1] });
    expect(notObject.json().message).toMatch(/^\(body\): /);
    await app.close();
  });

  it("answers 500, not a wrong shape, when a handler's answer does not match its response schema", async () => {
    const app = await zodApp();
    const wrong = await app.inject({ method: "GET", url: "/wrong" });
    expect(wrong.statusCode).toBe(500);
    expect(wrong.json()).toEqual({ error: "internal", message: "Internal Server Error" });
    await app.close();
  });

  it("never loads fastify's own compilers (ajv, fast-json-stringify), which a default fastify does", async () => {
    const app = await zodApp();
    await app.inject({ method: "POST", url: "/items", payload: { items: [] } });
    expect(loadedCompilers()).toEqual([]);
    await app.close();
    const plain = Fastify();
    await plain.ready();
    expect(loadedCompilers()).not.toEqual([]);
    await plain.close();
  });
});

import Fastify from "fastify";
import { describe, expect, it } from "vitest";
import { WITHOUT_SCHEMA_COMPILERS } from "../../src/app.js";

describe("the hub's fastify without JSON-schema compilers", () => {
  it("serves routes without schemas, JSON answers included", async () => {
    const app = Fastify({ schemaController: WITHOUT_SCHEMA_COMPILERS });
    app.post("/echo", async (request) => ({ got: request.body }));
    const response = await app.inject({ method: "POST", url: "/echo", payload: { a: 1 } });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ got: { a: 1 } });
    const missing = await app.inject({ method: "GET", url: "/nowhere" });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ statusCode: 404 });
    await app.close();
  });

  it("refuses at start-up a route that declares a schema, saying what to do instead", async () => {
    const app = Fastify({ schemaController: WITHOUT_SCHEMA_COMPILERS });
    app.post("/typed", { schema: { body: { type: "object" } } }, async () => ({}));
    await expect(app.ready()).rejects.toThrow(/declare no JSON schemas.*zod/);
    await app.close().catch(() => undefined);
  });
});

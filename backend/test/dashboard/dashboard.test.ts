import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Fastify from "fastify";
import { describe, expect, it } from "vitest";
import { dashboard } from "../../src/dashboard/index.js";

describe("dashboard plugin", () => {
  it("says how to get a UI when the build is missing, instead of a bare 404", async () => {
    const app = Fastify();
    const uiDir = join(mkdtempSync(join(tmpdir(), "mcp-hub-ui-")), "missing");
    await app.register(dashboard, { uiDir });
    const response = await app.inject({ method: "GET", url: "/" });
    expect(response.statusCode).toBe(404);
    expect(response.body).toContain(uiDir);
    expect(response.body).toContain("HUB_UI_DIR");
    await app.close();
  });
});

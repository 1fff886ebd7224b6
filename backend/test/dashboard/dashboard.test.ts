import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Fastify, { type FastifyInstance } from "fastify";
import { afterEach, describe, expect, it } from "vitest";
import { dashboard } from "../../src/dashboard/index.js";

/** A UI build as vite leaves it, next to a file outside the build that must never be served. */
function uiBuild(): string {
  const root = mkdtempSync(join(tmpdir(), "mcp-hub-ui-"));
  const uiDir = join(root, "build");
  mkdirSync(join(uiDir, "assets"), { recursive: true });
  writeFileSync(join(uiDir, "index.html"), "<!doctype html><title>MCP Hub</title>");
  writeFileSync(join(uiDir, "assets", "index-abc123.js"), "console.log('ui')");
  writeFileSync(join(uiDir, ".env"), "SECRET=1");
  writeFileSync(join(root, "token"), "outside the build");
  return uiDir;
}

describe("dashboard plugin", () => {
  let app: FastifyInstance;
  afterEach(() => app.close());

  async function serving(uiDir: string) {
    app = Fastify();
    await app.register(dashboard, { uiDir });
    return app;
  }

  it("says how to get a UI when the build is missing, instead of a bare 404", async () => {
    const uiDir = join(mkdtempSync(join(tmpdir(), "mcp-hub-ui-")), "missing");
    const response = await (await serving(uiDir)).inject({ method: "GET", url: "/" });
    expect(response.statusCode).toBe(404);
    expect(response.body).toContain(uiDir);
    expect(response.body).toContain("HUB_UI_DIR");
  });

  it("serves index.html at / to revalidate, and hashed assets as immutable", async () => {
    await serving(uiBuild());
    const index = await app.inject({ method: "GET", url: "/?from=desktop" });
    expect(index.statusCode).toBe(200);
    expect(index.headers["content-type"]).toMatch(/^text\/html/);
    expect(index.headers["cache-control"]).toBe("no-cache");
    expect(index.body).toContain("<title>MCP Hub</title>");

    const asset = await app.inject({ method: "GET", url: "/assets/index-abc123.js" });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers["content-type"]).toMatch(/javascript/);
    expect(asset.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    expect(asset.body).toBe("console.log('ui')");

    const again = await app.inject({
      method: "GET",
      url: "/assets/index-abc123.js",
      headers: { "if-none-match": String(asset.headers.etag) },
    });
    expect(again.statusCode).toBe(304);

    const head = await app.inject({ method: "HEAD", url: "/index.html" });
    expect(head.statusCode).toBe(200);
    expect(head.body).toBe("");
  });

  it("serves only files of the build: no directories, dotfiles or paths out of it", async () => {
    await serving(uiBuild());
    for (const url of ["/assets", "/assets/", "/missing.js", "/.env"])
      expect((await app.inject({ method: "GET", url })).statusCode, url).toBe(404);
    for (const url of ["/../token", "/assets/..%2f..%2ftoken", "/%2e%2e/token"]) {
      const response = await app.inject({ method: "GET", url });
      expect([403, 404], url).toContain(response.statusCode);
      expect(response.body, url).not.toContain("outside the build");
    }
  });
});

import type { PlannedServer } from "@mcp-hub/contracts";
import { describe, expect, it } from "vitest";
import { extract } from "tar-stream";
import { imageLabels, recipeHash, toBuildContext } from "../../src/packaging/buildContext.js";
import { toRecipe } from "../../src/packaging/recipes.js";
import type { PackagingSettings } from "../../src/packaging/settings.js";
import { plannedServer } from "./plannedServer.js";

const settings: PackagingSettings = {
  nodeBase: "node:24-slim",
  pythonBase: "python:3.13-slim",
  buildTimeoutMs: 1000,
};
const memory = plannedServer({
  name: "memory",
  kind: "npm",
  source: "@modelcontextprotocol/server-memory@2026.8.31",
  version: "2026.8.31",
});

const hashOf = (server: PlannedServer, with_: Partial<PackagingSettings> = {}) => {
  const recipe = toRecipe(server, { ...settings, ...with_ });
  return recipeHash(recipe, imageLabels(server, recipe));
};

async function entries(
  stream: NodeJS.ReadableStream,
): Promise<Record<string, { data: string; mode?: number; mtime?: Date }>> {
  const reader = extract();
  const found: Record<string, { data: string; mode?: number; mtime?: Date }> = {};
  const reading = (async () => {
    for await (const entry of reader) {
      const chunks: Buffer[] = [];
      for await (const chunk of entry) chunks.push(chunk as Buffer);
      found[entry.header.name] = {
        data: Buffer.concat(chunks).toString(),
        mode: entry.header.mode,
        mtime: entry.header.mtime,
      };
    }
  })();
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  reader.end(Buffer.concat(chunks));
  await reading;
  return found;
}

describe("a packaged image's hash and build context", () => {
  it("changes with what shapes the image, not with how packages are fetched", () => {
    const base = hashOf(memory);
    expect(base).toMatch(/^[0-9a-f]{32}$/);
    expect(hashOf(memory)).toBe(base);
    // The CA, the .npmrc and the mirror change how the build fetches, not what the image holds.
    expect(
      hashOf(memory, { extraCaPem: "PEM", npmrc: "//x/:_authToken=t", npmRegistry: "https://m.example/" }),
    ).toBe(base);
    expect(
      hashOf({ ...memory, source: "@modelcontextprotocol/server-memory@2026.9.1", version: "2026.9.1" }),
    ).not.toBe(base);
    expect(hashOf(memory, { nodeBase: "mcp-hub/node-base:24" })).not.toBe(base);
    expect(hashOf({ ...memory, name: "memory-2" })).not.toBe(base);
    expect(hashOf({ ...memory, risk: "high" })).not.toBe(base);
  });

  it("labels the image with its server, governance and OCI labels", () => {
    const recipe = toRecipe(memory, settings);
    expect(imageLabels(memory, recipe)).toEqual({
      "mcp.server": "memory",
      "mcp.governance.level": "low",
      "mcp.governance.audit": "true",
      "org.opencontainers.image.title": "memory",
      "org.opencontainers.image.description":
        "MCP server: npm package @modelcontextprotocol/server-memory@2026.8.31, packaged by MCP Hub",
      "org.opencontainers.image.version": "2026.8.31",
      "org.opencontainers.image.source":
        "https://www.npmjs.com/package/@modelcontextprotocol/server-memory/v/2026.8.31",
    });
  });

  it("streams the Dockerfile and every file, build-only ones readable by root alone, all at one fixed time", async () => {
    const recipe = toRecipe(memory, { ...settings, npmrc: "//x/:_authToken=t" });
    const tar = await entries(toBuildContext(recipe));
    expect(Object.keys(tar)).toEqual([
      "Dockerfile",
      "build/ca.cjs",
      "build/bin.cjs",
      "build/extra-ca.pem",
      "build/npmrc",
    ]);
    expect(tar.Dockerfile!.data).toBe(recipe.dockerfile);
    expect(tar["build/npmrc"]).toMatchObject({ data: "//x/:_authToken=t\n", mode: 0o600 });
    expect(Object.values(tar).every((e) => e.mtime?.getTime() === 0)).toBe(true);
  });
});

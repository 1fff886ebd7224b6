import type { PlannedServer } from "@mcp-hub/contracts";
import { DockerfileParser } from "dockerfile-ast";
import { describe, expect, it } from "vitest";
import { scriptRuntime } from "../../src/packaging/buildFiles.js";
import { RecipeRefused, toRecipe, TSX_VERSION, type Recipe } from "../../src/packaging/recipes.js";
import type { ScriptFolder } from "../../src/packaging/scriptFolder.js";
import { plannedServer } from "./plannedServer.js";
import type { PackagingSettings } from "../../src/packaging/settings.js";

const settings: PackagingSettings = {
  nodeBase: "node:24-slim",
  pythonBase: "python:3.13-slim",
  extraCaPem: "-----BEGIN CERTIFICATE-----\nCERT-BODY-1\n-----END CERTIFICATE-----\n",
  npmRegistry: "https://npm.mirror.example/",
  npmrc: "//npm.mirror.example/:_authToken=TOKEN-123\n",
  buildTimeoutMs: 60_000,
};

const server = (overrides: Partial<PlannedServer> & Pick<PlannedServer, "kind" | "source">) =>
  plannedServer({ name: "x", version: "1.0.0", ...overrides });

const folder = (files: Record<string, string>): ScriptFolder => ({
  files: Object.entries(files).map(([path, data]) => ({ path, data: Buffer.from(data), mode: 0o644 })),
  leftOut: [],
});

/** The Dockerfile's stages: each FROM with its instructions (keyword and arguments). */
function stages(recipe: Recipe) {
  const parsed = DockerfileParser.parse(recipe.dockerfile);
  const result: { from: string; name: string | null; lines: string[] }[] = [];
  for (const instruction of parsed.getInstructions()) {
    const line = instruction.getTextContent();
    if (instruction.getKeyword() === "FROM") {
      const from = parsed.getFROMs()[result.length]!;
      result.push({ from: from.getImage() ?? "", name: from.getBuildStage(), lines: [] });
    } else result.at(-1)!.lines.push(line);
  }
  return result;
}

describe("recipes", () => {
  it("builds an npm package in two stages: the exact version installed, its own bin run as user 1000, nothing else", () => {
    const recipe = toRecipe(
      server({ kind: "npm", source: "@modelcontextprotocol/server-memory@2026.8.31", version: "2026.8.31" }),
      settings,
    );
    const [build, final] = stages(recipe);
    expect(build!).toMatchObject({ from: "node:24-slim", name: "build" });
    expect(build!.lines).toContain("LABEL mcp-hub.build-stage=$MCP_HUB_BUILD");
    expect(build!.lines).toContain(
      "RUN npm install --omit=dev --save-exact @modelcontextprotocol/server-memory@2026.8.31",
    );
    expect(final!.from).toBe("node:24-slim");
    expect(final!.lines).toEqual([
      "COPY --from=build /app /app",
      "ENV NODE_ENV=production HOME=/tmp npm_config_cache=/tmp/.npm npm_config_update_notifier=false",
      "WORKDIR /tmp",
      "USER 1000:1000",
      'ENTRYPOINT ["node","/app/mcp-server"]',
    ]);
    expect(recipe.network).toBe("default");
    expect(recipe.needsPythonIndex).toBe(false);
  });

  it("keeps the CA, the mirror and the .npmrc in build-only files, never in the Dockerfile", () => {
    const recipe = toRecipe(server({ kind: "npm", source: "pkg@1.0.0", version: "1.0.0" }), settings);
    for (const secret of ["CERT-BODY-1", "TOKEN-123", "npm.mirror.example"])
      expect(recipe.dockerfile).not.toContain(secret);
    const buildOnly = Object.fromEntries(recipe.buildOnly.map((f) => [f.path, String(f.data)]));
    expect(buildOnly["build/extra-ca.pem"]).toBe(settings.extraCaPem);
    expect(buildOnly["build/npmrc"]).toBe(
      "//npm.mirror.example/:_authToken=TOKEN-123\nregistry=https://npm.mirror.example/\n",
    );
    expect(recipe.files.map((f) => f.path)).toEqual(["build/ca.cjs", "build/bin.cjs"]);
  });

  it("refuses names, versions and mirrors that would write more than a package into the Dockerfile", () => {
    const refused = (s: PlannedServer, with_: Partial<PackagingSettings> = {}) =>
      expect(() => toRecipe(s, { ...settings, ...with_ })).toThrow(RecipeRefused);
    refused(server({ kind: "npm", source: "pkg@1.0.0\nRUN rm -rf /", version: "1.0.0\nRUN rm -rf /" }));
    refused(server({ kind: "npm", source: "pkg; curl x@1.0.0", version: "1.0.0" }));
    refused(server({ kind: "python", source: 'x" && curl y@1', version: "1" }));
    refused(server({ kind: "npm", source: "pkg", version: undefined }));
    refused(server({ kind: "npm", source: "pkg@1.0.0", version: "1.0.0" }), {
      npmRegistry: "https://x/\n//x/:_authToken=y",
    });
    refused(server({ kind: "npm", source: "pkg@1.0.0", version: "1.0.0" }), { npmRegistry: "file:///etc" });
  });

  it("installs a python package into a venv and runs its console script; the index must answer first", () => {
    const recipe = toRecipe(
      server({ kind: "python", source: "mcp-server-fetch@2025.4.7", version: "2025.4.7" }),
      settings,
    );
    const [build, final] = stages(recipe);
    expect(build!.lines).toContain('RUN /opt/venv/bin/pip install "mcp-server-fetch==2025.4.7"');
    expect(build!.lines).toContain("RUN /opt/venv/bin/pip freeze > /opt/venv/requirements.lock");
    expect(final!.from).toBe("python:3.13-slim");
    expect(final!.lines).toContain('ENTRYPOINT ["/opt/venv/mcp-server"]');
    expect(final!.lines).toContain("USER 1000:1000");
    expect(recipe.needsPythonIndex).toBe(true);
  });

  it("copies a stdlib python script in one stage with no network at all", () => {
    const recipe = toRecipe(
      server({ kind: "script", source: "C:\\Users\\ann\\tools\\server.py" }),
      settings,
      folder({ "server.py": "print()", "data/words.txt": "a" }),
    );
    const built = stages(recipe);
    expect(built).toHaveLength(1);
    expect(built[0]!.from).toBe("python:3.13-slim");
    expect(built[0]!.lines).toEqual([
      "COPY app/ /app/",
      "ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 HOME=/tmp",
      "WORKDIR /app",
      "USER 1000:1000",
      'ENTRYPOINT ["python3","/app/server.py"]',
    ]);
    expect(recipe.network).toBe("none");
    expect(recipe.buildOnly).toEqual([]);
    expect(recipe.files.map((f) => f.path)).toEqual(["app/server.py", "app/data/words.txt"]);
  });

  it("installs a node script's own dependencies (npm ci with a lock file) and runs tsx scripts with a pinned tsx", () => {
    const withLock = stages(
      toRecipe(
        server({ kind: "script", source: "/home/ann/srv/index.mjs" }),
        settings,
        folder({ "index.mjs": "", "package.json": "{}", "package-lock.json": "{}" }),
      ),
    );
    expect(withLock[0]!.lines).toContain("RUN npm ci --omit=dev");
    expect(withLock[1]!.lines).toContain('ENTRYPOINT ["node","/app/index.mjs"]');

    const tsx = stages(
      toRecipe(
        server({ kind: "script", source: "/home/ann/srv/main.ts" }),
        settings,
        folder({ "main.ts": "" }),
      ),
    );
    expect(tsx[0]!.lines.some((l) => l.includes(`npm install --save-exact tsx@${TSX_VERSION}`))).toBe(true);
    expect(tsx[1]!.lines).toContain("COPY --from=build /opt/tsx /opt/tsx");
    expect(tsx[1]!.lines).toContain(
      'ENTRYPOINT ["node","--import","file:///opt/tsx/node_modules/tsx/dist/loader.mjs","/app/main.ts"]',
    );

    const plain = stages(
      toRecipe(server({ kind: "script", source: "/srv/server.js" }), settings, folder({ "server.js": "" })),
    );
    expect(plain).toHaveLength(1);
  });

  it("says what is missing when a script is not in its folder or is of no known kind", () => {
    const s = server({ kind: "script", source: "/srv/server.py" });
    expect(() => toRecipe(s, settings, folder({ "other.py": "" }))).toThrow(
      /server\.py is not in the folder/,
    );
    expect(() => toRecipe(s, settings)).toThrow(/was not sent/);
    const odd = server({ kind: "script", source: "/srv/run" });
    expect(() => toRecipe(odd, settings, folder({ run: "echo hi" }))).toThrow(/cannot tell whether run is/);
    expect(() => toRecipe(server({ kind: "remote", source: "https://x" }), settings)).toThrow(
      /has no recipe/,
    );
  });

  it("tells a script's runtime by its ending, else by its #! line", () => {
    expect(scriptRuntime("a.py", Buffer.from(""))).toBe("python");
    expect(scriptRuntime("a.cts", Buffer.from(""))).toBe("tsx");
    expect(scriptRuntime("a.cjs", Buffer.from(""))).toBe("node");
    expect(scriptRuntime("serve", Buffer.from("#!/usr/bin/env python3\n"))).toBe("python");
    expect(scriptRuntime("serve", Buffer.from("#!/usr/bin/env -S npx tsx\n"))).toBe("tsx");
    expect(scriptRuntime("serve", Buffer.from("#!/usr/local/bin/node\n"))).toBe("node");
    expect(scriptRuntime("serve", Buffer.from("#!/bin/sh\n"))).toBeUndefined();
  });
});

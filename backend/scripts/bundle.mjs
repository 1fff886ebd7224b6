#!/usr/bin/env node
// Bundles the backend entry points into self-contained ESM files in backend/dist, so the hub and bridge images
// need no node_modules at run time (smaller images, no native addons, nothing to `npm ci` in the final stage).
//
//   node scripts/bundle.mjs                       main.ts, cli.ts (+ bridge.ts, the docker tools, the A2A agents) -> dist/
//   node scripts/bundle.mjs --entry x=/tmp/x.ts --outdir /tmp/out    (ad-hoc entries, used to test the bundler)
import { build } from "esbuild";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const backendDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");

const { values } = parseArgs({
  options: {
    entry: { type: "string", multiple: true },
    outdir: { type: "string" },
  },
});

/** @returns {Record<string, string>} output name -> source file */
function entryPoints() {
  if (values.entry?.length) {
    return Object.fromEntries(
      values.entry.map((spec) => {
        const [name, file] = spec.split("=");
        if (!name || !file) throw new Error(`--entry expects name=path, got ${spec}`);
        return [name, resolve(file)];
      }),
    );
  }
  const required = { main: "src/main.ts", cli: "src/cli.ts" };
  // docker-tools: the docker module's code, which main.js and cli.js load from beside them on first use
  // (src/builtin/docker/loadInstance.ts), so an idle hub does not hold it; a2a-agents likewise for the A2A SDK
  // (src/builtin/a2a/loadInstance.ts), loaded on an agent's first start.
  const optional = {
    bridge: "src/bridge.ts",
    "docker-tools": "src/builtin/docker/instance.ts",
    "a2a-agents": "src/builtin/a2a/instance.ts",
  };
  const entries = {};
  for (const [name, file] of Object.entries(required)) {
    const path = join(backendDir, file);
    if (!existsSync(path)) throw new Error(`missing entry point ${relative(process.cwd(), path)}`);
    entries[name] = path;
  }
  for (const [name, file] of Object.entries(optional)) {
    const path = join(backendDir, file);
    if (existsSync(path)) entries[name] = path;
  }
  return entries;
}

// CJS dependencies call require() and read __dirname/__filename, which do not exist in an ES module. `require` comes
// from the banner (esbuild's own require shim looks for a variable of that name); __dirname/__filename are injected
// as imports so esbuild renames them when a bundled ES module declares its own top-level variable of that name.
const outdir = resolve(values.outdir ?? join(backendDir, "dist"));
mkdirSync(outdir, { recursive: true });
const shimDir = mkdtempSync(join(tmpdir(), "mcp-hub-bundle-"));
const shim = join(shimDir, "cjs-globals.mjs");
writeFileSync(
  shim,
  [
    'import { dirname as __mcpHubDirname } from "node:path";',
    'import { fileURLToPath as __mcpHubFileURLToPath } from "node:url";',
    "const __filename = __mcpHubFileURLToPath(import.meta.url);",
    "const __dirname = __mcpHubDirname(__filename);",
    "export { __filename, __dirname };",
    "",
  ].join("\n"),
);

const requireShim = [
  'import { createRequire as __mcpHubCreateRequire } from "node:module";',
  "const require = __mcpHubCreateRequire(import.meta.url);",
].join("\n");
/** esbuild keeps an entry file's own `#!` line first; a second one after it would be a syntax error. */
const bannerFor = (file) =>
  readFileSync(file, "utf8").startsWith("#!") ? requireShim : `#!/usr/bin/env node\n${requireShim}`;

/**
 * Native addons are optional everywhere we depend on them: ssh2 (pulled in eagerly by docker-modem for ssh:// Docker
 * hosts) tries `cpu-features` and its own `sshcrypto.node` inside try/catch and falls back to pure JS. Resolving them
 * to a module that throws makes that fallback deterministic instead of depending on what happens to sit next to dist/.
 * @type {import("esbuild").Plugin}
 */
const noNativeAddons = {
  name: "no-native-addons",
  setup(b) {
    b.onResolve({ filter: /(^cpu-features$)|(\.node$)/ }, (args) => ({
      path: args.path,
      namespace: "no-native",
    }));
    b.onLoad({ filter: /.*/, namespace: "no-native" }, (args) => ({
      contents: `throw new Error(${JSON.stringify(`native addon ${args.path} is not bundled`)});`,
      loader: "js",
    }));
  },
};

/**
 * jsonc-parser's `main` is a UMD build whose require() calls esbuild cannot see; its ES module build bundles cleanly.
 * @type {import("esbuild").Plugin}
 */
const preferEsmBuild = {
  name: "prefer-esm-build",
  setup(b) {
    b.onResolve({ filter: /^jsonc-parser$/ }, (args) =>
      b.resolve("jsonc-parser/lib/esm/main.js", { kind: args.kind, resolveDir: args.resolveDir }),
    );
  },
};

/**
 * dockerode loads gRPC and protobuf at start-up only for BuildKit sessions, which the hub never opens (it builds
 * with the classic builder). Bundling them costs ~15 MB of heap for nothing; a stub that throws on use keeps the
 * import working and makes any accidental use loud.
 * @type {import("esbuild").Plugin}
 */
const withoutBuildkitSession = {
  name: "without-buildkit-session",
  setup(b) {
    b.onResolve({ filter: /^(@grpc\/grpc-js|@grpc\/proto-loader|protobufjs)$/ }, (args) => ({
      path: args.path,
      namespace: "unused",
    }));
    b.onLoad({ filter: /.*/, namespace: "unused" }, (args) => ({
      contents: `module.exports = new Proxy({}, { get(_, key) { if (key === "__esModule") return false; throw new Error(${JSON.stringify(`${args.path} is not bundled (BuildKit sessions are not used)`)}); } });`,
      loader: "js",
    }));
  },
};

/**
 * docker-modem loads ssh2 at start-up for ssh:// Docker hosts, and ssh2 instantiates a WebAssembly poly1305 with
 * 16 MiB of memory as it loads. The hub talks to a local engine (socket or tcp), never over ssh: a stub whose
 * Client says so keeps the 16 MiB out of every hub.
 * @type {import("esbuild").Plugin}
 */
const withoutSsh = {
  name: "without-ssh",
  setup(b) {
    b.onResolve({ filter: /^ssh2$/ }, (args) => ({ path: args.path, namespace: "no-ssh" }));
    b.onLoad({ filter: /.*/, namespace: "no-ssh" }, () => ({
      contents: `module.exports = { Client: function Client() { throw new Error("ssh:// Docker hosts are not supported: use the engine's socket or tcp:// (e.g. through an ssh tunnel)"); } };`,
      loader: "js",
    }));
  },
};

/**
 * npm nests a copy of ajv 8 under each of its dependents (fastify's two compilers, the SDK, ajv-formats), because the
 * root slot holds eslint's ajv 6: bundled as is, the hub would carry and load four identical copies. Each import of
 * ajv (or its fast-uri / json-schema-traverse) goes to the backend's own copy when that is the same version.
 * @type {import("esbuild").Plugin}
 */
const oneAjv = {
  name: "one-ajv",
  setup(b) {
    const versionOf = (path) => {
      const root = /^(.*[\\/]node_modules[\\/](?:ajv|fast-uri|json-schema-traverse))[\\/]/.exec(path)?.[1];
      return root && JSON.parse(readFileSync(join(root, "package.json"), "utf8")).version;
    };
    b.onResolve({ filter: /^(ajv|fast-uri|json-schema-traverse)(\/.*)?$/ }, async (args) => {
      if (args.pluginData === oneAjv) return undefined;
      const again = { kind: args.kind, pluginData: oneAjv };
      const own = await b.resolve(args.path, { ...again, resolveDir: args.resolveDir });
      const shared = await b.resolve(args.path, { ...again, resolveDir: backendDir });
      if (own.errors.length || shared.errors.length) return undefined;
      return versionOf(own.path) === versionOf(shared.path) ? { path: shared.path } : { path: own.path };
    });
  },
};

/**
 * An ES import of a Node built-in builds its namespace by reading every export, getters included: node:http's
 * WebSocket, CloseEvent and MessageEvent load undici, node:tls's rootCertificates decodes the CA store, node:crypto's
 * webcrypto loads WebCrypto — megabytes of heap the hub never uses. Imported through require(), they stay lazy.
 * @type {import("esbuild").Plugin}
 */
const builtinsByRequire = {
  name: "builtins-by-require",
  setup(b) {
    b.onResolve({ filter: /^(node:)?(http|https|tls|crypto)$/ }, (args) =>
      args.kind === "import-statement" ? { path: args.path, namespace: "builtin-by-require" } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: "builtin-by-require" }, (args) => ({
      contents: `module.exports = require(${JSON.stringify(args.path)});`,
      loader: "js",
    }));
    // fastify requires node:http2 (~1 MB of heap) at start-up for the `http2: true` option, which the hub never sets:
    // it gets an object that loads http2 on first property read.
    b.onResolve({ filter: /^(node:)?http2$/ }, (args) =>
      args.kind === "require-call" ? { path: args.path, namespace: "builtin-on-first-use" } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: "builtin-on-first-use" }, (args) => ({
      contents: `let loaded; module.exports = new Proxy({}, { get: (_, key) => (loaded ??= require(${JSON.stringify(args.path)}))[key] });`,
      loader: "js",
    }));
  },
};

// One build per entry, because the banner depends on the entry (see bannerFor).
const bundleOne = ([name, file]) =>
  build({
    entryPoints: { [name]: file },
    outdir,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "esm",
    banner: { js: bannerFor(file) },
    inject: [shim],
    plugins: [noNativeAddons, preferEsmBuild, withoutBuildkitSession, withoutSsh, oneAjv, builtinsByRequire],
    // Lets ad-hoc --entry files outside the repository resolve the workspace's dependencies.
    nodePaths: [join(backendDir, "node_modules"), join(backendDir, "..", "node_modules")],
    sourcemap: true,
    // Less source text to keep in memory: the hub's idle RSS is a target (docs/architecture.md). Identifiers keep
    // their names, so stack traces and logged error types read as the source does. Mangling them would need
    // esbuild's keepNames, which wraps every closure in a defineProperty call when it is created — ~7 % of the hub's
    // CPU per call (bench-compare) for ~0.7 MB less source. BUNDLE_MINIFY=0 keeps the layout too (CPU profiles).
    minifyWhitespace: process.env.BUNDLE_MINIFY !== "0",
    minifySyntax: process.env.BUNDLE_MINIFY !== "0",
    // Licence texts go to <entry>.js.LEGAL.txt beside the bundle. In the bundle, their non-ASCII names would make
    // node hold the whole source as a two-byte string (twice the memory).
    legalComments: "external",
    metafile: true,
    logLevel: "warning",
  });
const results = await Promise.all(Object.entries(entryPoints()).map(bundleOne)).finally(() =>
  rmSync(shimDir, { recursive: true, force: true }),
);

// A relative require() left in the output is a module esbuild could not see (UMD wrappers, computed paths): it would
// fail at run time without node_modules, so fail the build instead.
const unbundled = /\brequire\d*\(\s*["'`]\.{1,2}\//;
for (const [file, out] of results.flatMap((r) => Object.entries(r.metafile.outputs))) {
  if (!file.endsWith(".js")) continue;
  const match = readFileSync(file, "utf8").match(unbundled);
  if (match) throw new Error(`${file}: unbundled relative require left in the output: ${match[0]}`);
  chmodSync(file, 0o755); // every bundle starts with #!, and package.json's bin points at dist/cli.js
  process.stdout.write(
    `bundle: ${relative(process.cwd(), file)} ${(out.bytes / 1024 / 1024).toFixed(2)} MiB\n`,
  );
}

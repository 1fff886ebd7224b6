/**
 * Test images, built locally FROM mcp-hub/node-base:24 (no registry pulls). Each build context is a temp dir; an
 * image whose `mcp-hub-test.hash` label already matches the context is not rebuilt, so reruns cost a few
 * `docker image inspect` calls and two esbuild bundles.
 */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { copyFile, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

export const BASE_IMAGE = "mcp-hub/node-base:24";
export const TEST_IMAGES = {
  fixture: "mcp-hub-test/fixture:dev",
  conformance: "mcp-hub-test/conformance:dev",
  everything: "mcp-hub-test/everything:dev",
  memory: "mcp-hub-test/memory:dev",
  oauth: "mcp-hub-test/oauth:dev",
  a2a: "mcp-hub-test/a2a-agent:dev",
} as const;
export type TestImageName = keyof typeof TEST_IMAGES;
/** Port the conformance image listens on inside the container. */
export const CONFORMANCE_PORT = 3000;
/** Port the OAuth image (authorization server + protected MCP server) listens on inside the container. */
export const OAUTH_PORT = 4000;
/** Port the A2A fixture agent's image listens on inside the container. */
export const A2A_AGENT_PORT = 9999;

const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const FIXTURES = fileURLToPath(new URL("../fixtures/", import.meta.url));
const HOST_CA_BUNDLE = "/etc/ssl/certs/ca-certificates.crt";
const HASH_LABEL = "mcp-hub-test.hash";
const COMMON_LABELS = `LABEL mcp-hub.test-image=true`;
// esbuild's ESM output has no `require`; CommonJS deps bundled into it need one.
const ESM_REQUIRE_BANNER = `import { createRequire as __createRequire } from "node:module"; const require = __createRequire(import.meta.url);`;
const NPM_VERSIONS = {
  everything: "@modelcontextprotocol/server-everything@2026.8.31",
  memory: "@modelcontextprotocol/server-memory@2026.8.31",
};

export interface EnsureTestImagesOptions {
  only?: TestImageName[];
  /** Progress lines (build/skip and duration); default: stderr. */
  log?: (line: string) => void;
}

export interface DockerResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function docker(args: string[], options: { cwd?: string } = {}): Promise<DockerResult> {
  return new Promise((resolve, reject) => {
    const child = spawn("docker", args, { cwd: options.cwd, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

export async function imageExists(tag: string): Promise<boolean> {
  return (await docker(["image", "inspect", "--format", "{{.Id}}", tag])).code === 0;
}

/** Builds mcp-hub/node-base:24 with scripts/base-images.sh when it is missing (a few minutes, once per machine). */
async function ensureBaseImage(log: (line: string) => void): Promise<void> {
  if (await imageExists(BASE_IMAGE)) return;
  const script = join(REPO_ROOT, "scripts/base-images.sh");
  if (!existsSync(script)) throw new Error(`${BASE_IMAGE} is missing and ${script} does not exist`);
  log(`building ${BASE_IMAGE} with scripts/base-images.sh`);
  const code = await new Promise<number>((resolve, reject) => {
    const child = spawn("bash", [script, "node"], {
      cwd: REPO_ROOT,
      stdio: ["ignore", "inherit", "inherit"],
    });
    child.on("error", reject);
    child.on("close", (c) => resolve(c ?? 1));
  });
  if (code !== 0 || !(await imageExists(BASE_IMAGE)))
    throw new Error(`scripts/base-images.sh failed (exit ${code})`);
}

async function bundleServer(entry: string, outDir: string): Promise<void> {
  await build({
    entryPoints: [join(FIXTURES, entry)],
    outfile: join(outDir, "server.mjs"),
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    banner: { js: ESM_REQUIRE_BANNER },
    logLevel: "error",
    legalComments: "none",
  });
}

/** Writes the build context for one image into dir and returns its Dockerfile. */
async function prepareContext(name: TestImageName, dir: string): Promise<string> {
  switch (name) {
    case "fixture":
      await bundleServer("fixtureServer.ts", dir);
      return [
        `FROM ${BASE_IMAGE}`,
        `COPY server.mjs /app/server.mjs`,
        `USER 1000:1000`,
        `ENTRYPOINT ["node", "/app/server.mjs"]`,
      ].join("\n");
    case "conformance":
      await bundleServer("conformanceServer.ts", dir);
      return [
        `FROM ${BASE_IMAGE}`,
        `COPY server.mjs /app/server.mjs`,
        `ENV PORT=${CONFORMANCE_PORT} HOST=0.0.0.0`,
        `EXPOSE ${CONFORMANCE_PORT}`,
        `USER 1000:1000`,
        `ENTRYPOINT ["node", "/app/server.mjs"]`,
      ].join("\n");
    case "oauth":
      await bundleServer("oauthServer.ts", dir);
      return [
        `FROM ${BASE_IMAGE}`,
        `COPY server.mjs /app/server.mjs`,
        // Its issuer is plain http on the test machine's own address.
        `ENV PORT=${OAUTH_PORT} HOST=0.0.0.0 MCP_DANGEROUSLY_ALLOW_INSECURE_ISSUER_URL=true`,
        `USER 1000:1000`,
        `ENTRYPOINT ["node", "/app/server.mjs"]`,
      ].join("\n");
    case "a2a":
      await bundleServer("a2aAgentServer.ts", dir);
      return [
        `FROM ${BASE_IMAGE}`,
        `COPY server.mjs /app/server.mjs`,
        `ENV PORT=${A2A_AGENT_PORT} HOST=0.0.0.0`,
        `EXPOSE ${A2A_AGENT_PORT}`,
        `USER 1000:1000`,
        `ENTRYPOINT ["node", "/app/server.mjs"]`,
      ].join("\n");
    case "everything":
    case "memory": {
      // npm inside the build talks to the registry through the host's CA bundle (TLS-intercepting proxies).
      await copyFile(HOST_CA_BUNDLE, join(dir, "ca.crt"));
      const pkg = NPM_VERSIONS[name];
      const main = `/app/node_modules/${pkg.slice(0, pkg.lastIndexOf("@"))}/dist/index.js`;
      return [
        `FROM ${BASE_IMAGE}`,
        `COPY ca.crt /etc/ssl/certs/mcp-hub-test-ca.crt`,
        `ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/mcp-hub-test-ca.crt`,
        `RUN mkdir -p /app /data && cd /app && echo '{"private":true}' > package.json` +
          ` && npm install --omit=dev --no-audit --no-fund --no-update-notifier --loglevel=error` +
          ` --cafile /etc/ssl/certs/mcp-hub-test-ca.crt ${pkg} && rm -rf /root/.npm && chown 1000:1000 /data`,
        // The memory server writes its graph beside its code by default, which user 1000 cannot.
        ...(name === "memory" ? [`ENV MEMORY_FILE_PATH=/data/memory.jsonl`] : []),
        `USER 1000:1000`,
        `ENTRYPOINT ["node", "${main}"${name === "everything" ? `, "stdio"` : ""}]`,
      ].join("\n");
    }
  }
}

async function contextHash(dir: string, dockerfile: string): Promise<string> {
  const hash = createHash("sha256").update(dockerfile);
  for (const file of (await readdir(dir)).sort()) {
    hash.update(file).update(await readFile(join(dir, file)));
  }
  return hash.digest("hex").slice(0, 16);
}

async function labelOf(tag: string, label: string): Promise<string | undefined> {
  const res = await docker(["image", "inspect", "--format", `{{ index .Config.Labels "${label}" }}`, tag]);
  return res.code === 0 ? res.stdout.trim() : undefined;
}

/** Builds (or skips) one image; returns how long the build took, or "cached". */
export async function ensureTestImage(name: TestImageName): Promise<number | "cached"> {
  const tag = TEST_IMAGES[name];
  const dir = await mkdtemp(join(tmpdir(), `mcp-hub-test-${name}-`));
  try {
    const body = await prepareContext(name, dir);
    const hash = await contextHash(dir, body);
    if ((await labelOf(tag, HASH_LABEL)) === hash) return "cached";
    await writeFile(join(dir, "Dockerfile"), `${body}\n${COMMON_LABELS} ${HASH_LABEL}=${hash}\n`);
    const started = Date.now();
    const res = await docker(["build", "--quiet", "--tag", tag, dir]);
    if (res.code !== 0) throw new Error(`docker build ${tag} failed:\n${res.stderr || res.stdout}`);
    return Date.now() - started;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export async function ensureTestImages(options: EnsureTestImagesOptions = {}): Promise<void> {
  const log = options.log ?? ((line: string) => void process.stderr.write(`[test-images] ${line}\n`));
  await ensureBaseImage(log);
  await mkdir(tmpdir(), { recursive: true });
  // One at a time: the machine has two shared cores.
  for (const name of options.only ?? (Object.keys(TEST_IMAGES) as TestImageName[])) {
    const outcome = await ensureTestImage(name);
    log(
      outcome === "cached"
        ? `${TEST_IMAGES[name]} up to date`
        : `${TEST_IMAGES[name]} built in ${outcome} ms`,
    );
  }
}

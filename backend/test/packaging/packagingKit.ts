/**
 * A packager against the real engine: a registry container of its own (test-labelled, its volume named after it),
 * the local bases (built with scripts/base-images.sh when missing) and the host's CA bundle for npm in the builds.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { PlannedServer } from "@mcp-hub/contracts";
import { pino } from "pino";
import { pack } from "tar-stream";
import { createPackager, type Packager, type PackagingSettings } from "../../src/packaging/index.js";
import { Registry } from "../../src/registry/index.js";
import { createDockerImages, createDockerRuntime, type ContainerRuntime } from "../../src/runtime/index.js";
import { afterAll, beforeAll } from "vitest";
import { labelArgs, removeLabelled, testLabels } from "../support/docker.js";
import { docker, imageExists } from "../support/images.js";
import { freePort } from "../support/ports.js";
import { plannedServer } from "./plannedServer.js";

export const NODE_BASE = "mcp-hub/node-base:24";
export const PYTHON_BASE = "mcp-hub/python-base:3.11";
const REGISTRY_IMAGE = process.env.REGISTRY_IMAGE ?? "mcp-hub/registry-base:2";
export const HOST_CA_BUNDLE = "/etc/ssl/certs/ca-certificates.crt";
const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));
export const SCOPE_REGISTRY = "https://registry.npmjs.org/mcp-hub-test-scope/";
export const FIXTURES = fileURLToPath(new URL("../fixtures/packaging/", import.meta.url));

/** Strings the builds get through the CA and the .npmrc, which must never be found in a final image. */
export const MARKERS = {
  ca: `mcp-hub-test-ca-${randomBytes(6).toString("hex")}`,
  npmToken: `npm_mcphubtest${randomBytes(12).toString("hex")}`,
};

export interface PackagingKit {
  packager: Packager;
  runtime: ContainerRuntime;
  registry: Registry;
  registryPort: number;
  settings: PackagingSettings;
  /** A planned server of this run, its image in the kit's registry. */
  planned(
    overrides: Partial<PlannedServer> & Pick<PlannedServer, "name" | "kind" | "source">,
  ): PlannedServer & { image: string };
  /** The tags the kit's registry holds for a repository (none when it has no such repository). */
  registryTags(repository: string): Promise<string[]>;
  dispose(): Promise<void>;
}

/** Builds a local base with scripts/base-images.sh when the engine lacks it (once per machine). */
async function ensureBase(image: string, target: string): Promise<void> {
  if (await imageExists(image)) return;
  const code = await new Promise<number>((resolve, reject) => {
    const child = spawn("bash", [join(REPO_ROOT, "scripts/base-images.sh"), target], { stdio: "inherit" });
    child.on("error", reject);
    child.on("close", (c) => resolve(c ?? 1));
  });
  if (code !== 0) throw new Error(`scripts/base-images.sh ${target} failed (exit ${code})`);
}

/** The suite's kit: filled in before its tests, disposed after them with everything the run labelled. */
export function usePackagingKit(): PackagingKit {
  const kit = {} as PackagingKit;
  beforeAll(async () => {
    Object.assign(kit, await startPackagingKit());
  }, 600_000);
  afterAll(async () => {
    await kit.dispose?.();
    await removeLabelled();
  });
  return kit;
}

export async function startPackagingKit(): Promise<PackagingKit> {
  await ensureBase(NODE_BASE, "node");
  await ensureBase(PYTHON_BASE, "python");
  const log = pino({ level: process.env.PACKAGING_LOG ?? "silent" });
  const labels = testLabels();
  const runtime = createDockerRuntime({ log, selector: labels });
  const port = await freePort();
  const name = `mcp-hub-registry-pk${process.pid}-${Date.now().toString(36)}`;
  const registry = new Registry({
    runtime,
    log,
    image: REGISTRY_IMAGE,
    name,
    wantedPort: () => port,
    reach: "host",
    imageServers: () => [],
    labels,
  });
  const status = await registry.ensure();
  if (status.state !== "running")
    throw new Error(`the test registry did not start: ${JSON.stringify(status)}`);
  const settings: PackagingSettings = {
    nodeBase: NODE_BASE,
    pythonBase: PYTHON_BASE,
    // The machine's CA bundle (npm behind a TLS-inspecting proxy), with a marker outside its certificates.
    extraCaPem: `# ${MARKERS.ca}\n${readFileSync(HOST_CA_BUNDLE, "utf8")}`,
    // A scope sent to a path of npm's registry that answers 404 at once (the build shows it read this file), and auth
    // for a host no package comes from: npm reads the token, nothing sends it.
    npmrc: [
      `@mcp-hub-test:registry=${SCOPE_REGISTRY}`,
      `//npm.invalid/:_authToken=${MARKERS.npmToken}`,
      "",
    ].join("\n"),
    buildTimeoutMs: 240_000,
  };
  const images = createDockerImages({ log });
  const packager = createPackager({ runtime, images, registry, settings: () => kit.settings, log, labels });
  const registryPort = (status as { port: number }).port;
  const created = new Set<string>();
  const kit: PackagingKit = {
    packager,
    runtime,
    registry,
    registryPort,
    settings,
    planned(overrides) {
      const server = plannedServer({
        image: registry.imageName(`mcp/${overrides.name}`, overrides.version ?? "local"),
        ...overrides,
      });
      created.add(server.image);
      return server;
    },
    async registryTags(repository) {
      const res = await fetch(`http://127.0.0.1:${registryPort}/v2/${repository}/tags/list`);
      if (res.status === 404) return [];
      return ((await res.json()) as { tags: string[] | null }).tags ?? [];
    },
    async dispose() {
      await docker(["rm", "-f", "-v", name]);
      await docker(["volume", "rm", name]);
      if (created.size) await docker(["image", "rm", ...created]);
    },
  };
  return kit;
}

/** A tar of a folder's files (relative paths), as the host helper sends a local script's folder. */
export async function tarFolder(dir: string): Promise<Buffer> {
  const tar = pack();
  const walk = async (rel: string): Promise<void> => {
    for (const entry of (await readdir(join(dir, rel), { withFileTypes: true })).sort((a, b) =>
      a.name.localeCompare(b.name),
    )) {
      const path = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) await walk(path);
      else if (entry.isFile())
        tar.entry(
          { name: path, mode: (await stat(join(dir, path))).mode & 0o777 },
          await readFile(join(dir, path)),
        );
    }
  };
  await walk("");
  tar.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of tar) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Everything `docker save` writes for the image (config, history, every layer), to search for strings. */
export async function savedImage(image: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn("docker", ["save", image], { stdio: ["ignore", "pipe", "pipe"] });
    const chunks: Buffer[] = [];
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0 ? resolve(Buffer.concat(chunks)) : reject(new Error(`docker save ${image}: ${stderr}`)),
    );
  });
}

/** Runs a command in the image (its entrypoint replaced) without network; resolves with its output. */
export async function runInImage(image: string, entrypoint: string, args: string[]): Promise<string> {
  const res = await docker([
    "run",
    "--rm",
    ...labelArgs(),
    "--network",
    "none",
    "--entrypoint",
    entrypoint,
    image,
    ...args,
  ]);
  if (res.code !== 0) throw new Error(`docker run ${image} ${entrypoint}: ${res.stderr}`);
  return res.stdout;
}

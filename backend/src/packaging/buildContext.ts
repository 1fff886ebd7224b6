import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import type { PlannedServer } from "@mcp-hub/contracts";
import { pack } from "tar-stream";
import { LABELS } from "../runtime/index.js";
import { splitSpec, type Recipe } from "./recipes.js";

/** The image's hash of what shapes it: an image carrying the same hash is reused instead of built again. */
export const PACKAGING_HASH_LABEL = "mcp-hub.packaging-hash";
const OCI = "org.opencontainers.image";
export const CREATED_LABEL = `${OCI}.created`;
/** Bumped when the image a recipe makes changes while its Dockerfile and files do not. */
const HASH_FORMAT = "1";
/** Every context file has this time: the same recipe gives the same tar. */
const EPOCH = new Date(0);

const sha256 = (data: Buffer | string) => createHash("sha256").update(data).digest("hex");

/** Where the packaged code comes from, for the OCI source label. */
function sourceOf(server: PlannedServer): string {
  if (server.kind === "npm") {
    const { name, version } = splitSpec(server.source, server.version);
    return `https://www.npmjs.com/package/${name}/v/${version}`;
  }
  if (server.kind === "python") {
    const { name, version } = splitSpec(server.source, server.version);
    return `https://pypi.org/project/${name.replace(/\[.*$/, "")}/${version}/`;
  }
  return server.source;
}

/** The labels of a packaged image, without the time it was made (which must not change its hash). */
export function imageLabels(server: PlannedServer, recipe: Recipe): Record<string, string> {
  return {
    [LABELS.server]: server.name,
    [LABELS.governanceLevel]: server.risk,
    [LABELS.governanceAudit]: "true",
    [`${OCI}.title`]: server.name,
    [`${OCI}.description`]: `MCP server: ${recipe.summary}, packaged by MCP Hub`,
    [`${OCI}.version`]: server.version ?? "local",
    [`${OCI}.source`]: sourceOf(server),
  };
}

/**
 * sha256 of the Dockerfile, the files the image is made of and its labels. The build-only files (CA, .npmrc, mirror)
 * stay out: they change how packages are fetched, not what the image holds, and their digest must not be published.
 */
export function recipeHash(recipe: Recipe, labels: Record<string, string>): string {
  const hash = createHash("sha256").update(`mcp-hub-packaging\0${HASH_FORMAT}\0`).update(recipe.dockerfile);
  for (const file of [...recipe.files].sort((a, b) => a.path.localeCompare(b.path)))
    hash.update(`\0${file.path}\0${file.mode ?? 0o644}\0${sha256(file.data)}`);
  for (const [key, value] of Object.entries(labels).sort(([a], [b]) => a.localeCompare(b)))
    hash.update(`\0${key}=${value}`);
  return hash.digest("hex").slice(0, 32);
}

/** The recipe as a tar stream for the engine: the Dockerfile at the root, then its files. */
export function toBuildContext(recipe: Recipe): NodeJS.ReadableStream {
  const tar = pack();
  tar.entry({ name: "Dockerfile", mode: 0o644, mtime: EPOCH }, recipe.dockerfile);
  for (const file of [...recipe.files, ...recipe.buildOnly])
    tar.entry({ name: file.path, mode: file.mode ?? 0o644, mtime: EPOCH }, file.data);
  tar.finalize();
  // tar-stream's streams are streamx ones: the engine's HTTP request gets a plain Node stream.
  return Readable.from(tar);
}

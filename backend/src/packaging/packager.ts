import { randomUUID } from "node:crypto";
import type { PlannedServer } from "@mcp-hub/contracts";
import { errorMessage } from "../errors/index.js";
import type { Logger } from "../log/index.js";
import { localReference, RegistryNotFound, type Registry, type TagReference } from "../registry/index.js";
import { ImageBuildFailed, type ContainerRuntime, type ImageEngine } from "../runtime/index.js";
import { VERSION } from "../version.js";
import {
  CREATED_LABEL,
  imageLabels,
  PACKAGING_HASH_LABEL,
  recipeHash,
  toBuildContext,
} from "./buildContext.js";
import { PackagingFailed } from "./errors.js";
import { handshake, type HandshakeOptions } from "./handshake.js";
import { probePythonIndex, PYTHON_INDEX_URL } from "./pythonIndex.js";
import { BUILD_STAGE_ARG, BUILD_STAGE_LABEL, toRecipe, type Recipe } from "./recipes.js";
import { readScriptFolder } from "./scriptFolder.js";
import type { PackagingSettings } from "./settings.js";

export interface BuildOptions {
  onLog(line: string): void;
  signal: AbortSignal;
  /** A tar of a local script's folder, entries relative to it (the host helper caps its size). */
  scriptContext?: Buffer;
}

export interface Packager {
  /** Builds the server's image (or reuses the one built from the same package@version), tags it, pushes it. */
  build(server: PlannedServer, options: BuildOptions): Promise<{ image: string; reused: boolean }>;
  /**
   * initialize + tools/list in a throw-away hardened container (its risk's profile, its mounts, the secrets as env):
   * the tool names, or a PackagingFailed whose message has the reason and the tail of its output.
   */
  handshake(server: PlannedServer, options: HandshakeOptions): Promise<{ tools: string[] }>;
  /** Rollback: the image's tag leaves the local registry (and the engine's local copy). */
  removeImage(server: PlannedServer): Promise<void>;
}

export interface PackagerDeps {
  runtime: ContainerRuntime;
  images: ImageEngine;
  registry: Pick<Registry, "tag" | "deleteTag" | "pushed">;
  /** Read at each build (Settings, environment, the NPMRC secret may change in between). */
  settings: () => PackagingSettings | Promise<PackagingSettings>;
  log: Logger;
  /** Labels of every container packaging creates (tests mark theirs). */
  labels?: Record<string, string>;
}

/** Output lines of a failed step quoted in its error, and how much of the step itself. */
const FAILED_OUTPUT_LINES = 12;
const STEP_MAX_CHARS = 160;
const NPM_LOG_POINTER = /^npm error A complete log of this run can be found in/;

export function createPackager(deps: PackagerDeps): Packager {
  const log = deps.log.child({ mod: "packaging" });
  const labels = deps.labels ?? {};

  function target(server: PlannedServer): { image: string; ref: TagReference } {
    const image = server.image;
    const ref = image ? localReference(image) : undefined;
    if (!image || !ref)
      throw new PackagingFailed(
        "build",
        server.name,
        image ? `${image} is not a tag of the local registry` : `a ${server.kind} server has no image`,
      );
    return { image, ref };
  }

  /** Whether the registry holds the tag (with this hash, when given); a registry that does not answer fails here. */
  async function inRegistry(server: PlannedServer, ref: TagReference, hash?: string): Promise<boolean> {
    try {
      const tag = await deps.registry.tag(ref);
      return hash === undefined || tag.labels[PACKAGING_HASH_LABEL] === hash;
    } catch (error) {
      if (error instanceof RegistryNotFound) return false;
      throw new PackagingFailed("push", server.name, errorMessage(error));
    }
  }

  async function push(server: PlannedServer, image: string, ref: TagReference, options: BuildOptions) {
    try {
      await deps.images.push(image, { signal: options.signal, onLog: options.onLog });
    } catch (error) {
      if (options.signal.aborted) throw new PackagingFailed("push", server.name, "cancelled");
      throw new PackagingFailed(
        "push",
        server.name,
        `the local registry did not take ${image}: ${errorMessage(error)} (is it running? mcp-hub registry status)`,
      );
    } finally {
      deps.registry.pushed(ref.repository);
    }
  }

  /** An image entry: the engine's image (pulled when missing) under the local registry's tag, pushed. */
  async function retag(server: PlannedServer, options: BuildOptions) {
    const { image, ref } = target(server);
    await inRegistry(server, ref);
    try {
      await deps.runtime.ensureImage(server.source);
    } catch (error) {
      throw new PackagingFailed(
        "build",
        server.name,
        `${server.source} is not on this engine and cannot be pulled: ${errorMessage(error)}`,
      );
    }
    const [source, current] = await Promise.all([
      deps.images.inspect(server.source),
      deps.images.inspect(image),
    ]);
    const same = source !== undefined && current?.id === source.id;
    if (!same) await deps.images.tag(server.source, image);
    options.onLog(`${image}: ${same ? "already" : "now"} the image ${server.source}`);
    await push(server, image, ref, options);
    return { image, reused: same };
  }

  /** Why a build failed, in words a user can act on. */
  function buildFailure(
    error: unknown,
    options: BuildOptions,
    timedOut: boolean,
    settings: PackagingSettings,
  ) {
    if (options.signal.aborted) return "cancelled";
    if (timedOut)
      return `it took longer than ${Math.round(settings.buildTimeoutMs / 1000)} s, the build time limit (HUB_BUILD_TIMEOUT_MS)`;
    if (!(error instanceof ImageBuildFailed)) return errorMessage(error);
    const step = error.step?.replace(/^Step \d+\/\d+ : /, "");
    if (step?.startsWith("FROM "))
      return `its base image ${step.slice(5).split(" ")[0]} is not on this engine and cannot be pulled (${error.reason}): set the migration's bases in Settings, or HUB_NODE_BASE / HUB_PYTHON_BASE`;
    // npm's pointer to its debug log names a file in the build stage, which is gone.
    const output = error.output.filter((line) => !NPM_LOG_POINTER.test(line)).slice(-FAILED_OUTPUT_LINES);
    const what =
      step && error.exitCode !== undefined
        ? `"${step.length > STEP_MAX_CHARS ? `${step.slice(0, STEP_MAX_CHARS)}…` : step}" exited with code ${error.exitCode}`
        : error.reason;
    return `${what}${output.length ? `:\n${output.join("\n")}` : ""}`;
  }

  /** The build stage's images (they held the extra CA and .npmrc) and a cancelled step's container go. */
  async function cleanUp(buildId: string) {
    const stage = { [BUILD_STAGE_LABEL]: buildId };
    try {
      await deps.runtime.removeLabelled(stage);
      const left = await deps.images.removeLabelled(stage);
      if (left) log.warn({ buildId, left }, "images of a build stage remain");
    } catch (error) {
      log.warn({ err: error, buildId }, "could not remove a build stage's images");
    }
  }

  async function buildRecipe(
    server: PlannedServer,
    recipe: Recipe,
    settings: PackagingSettings,
    options: BuildOptions,
  ): Promise<{ image: string; reused: boolean }> {
    const { image, ref } = target(server);
    const labelsOf = imageLabels(server, recipe);
    const hash = recipeHash(recipe, labelsOf);
    const [local] = await deps.images.find({ [PACKAGING_HASH_LABEL]: hash });
    const remote = await inRegistry(server, ref, hash);
    if (local || remote) {
      if (local && !local.tags.includes(image)) await deps.images.tag(local.id, image);
      if (!remote) await push(server, image, ref, options);
      options.onLog(`${image}: unchanged ${recipe.summary}, its image reused`);
      return { image, reused: true };
    }
    if (recipe.needsPythonIndex) {
      const unreachable = await probePythonIndex(settings.extraCaPem);
      if (unreachable)
        throw new PackagingFailed(
          "build",
          server.name,
          `PyPI (${PYTHON_INDEX_URL}) is not reachable from the hub (${unreachable}): python packages cannot be built here; keep this server in its client, or migrate it where PyPI is reachable`,
        );
    }
    const buildId = randomUUID();
    const timeout = AbortSignal.timeout(settings.buildTimeoutMs);
    const started = Date.now();
    options.onLog(`building ${image}: ${recipe.summary}`);
    try {
      await deps.images.build({
        context: toBuildContext(recipe),
        tag: image,
        labels: { ...labelsOf, [PACKAGING_HASH_LABEL]: hash, [CREATED_LABEL]: new Date().toISOString() },
        buildArgs: { [BUILD_STAGE_ARG]: buildId },
        network: recipe.network,
        signal: AbortSignal.any([options.signal, timeout]),
        onLog: options.onLog,
      });
    } catch (error) {
      throw new PackagingFailed(
        "build",
        server.name,
        buildFailure(error, options, timeout.aborted, settings),
      );
    } finally {
      await cleanUp(buildId);
    }
    log.info({ server: server.name, image, ms: Date.now() - started }, "built a migrated server's image");
    await push(server, image, ref, options);
    return { image, reused: false };
  }

  return {
    async build(server, options) {
      if (server.kind === "image") return retag(server, options);
      target(server);
      let settings: PackagingSettings;
      let recipe: Recipe;
      try {
        settings = await deps.settings();
        const folder =
          server.kind === "script" && options.scriptContext
            ? await readScriptFolder(options.scriptContext)
            : undefined;
        if (folder?.leftOut.length) options.onLog(`left out of the image: ${folder.leftOut.join(", ")}`);
        recipe = toRecipe(server, settings, folder);
      } catch (error) {
        // A source these templates do not take, a refused script folder, unreadable settings: said, not built.
        throw new PackagingFailed("build", server.name, errorMessage(error));
      }
      return buildRecipe(server, recipe, settings, options);
    },

    handshake: (server, options) =>
      handshake({ runtime: deps.runtime, log, labels, version: VERSION }, server, options),

    async removeImage(server) {
      if (!server.image) return;
      const ref = localReference(server.image);
      if (ref)
        await deps.registry.deleteTag(ref).catch((error: unknown) => {
          if (!(error instanceof RegistryNotFound)) throw error;
        });
      if ((await deps.images.remove(server.image)) === "in-use")
        log.warn(
          { server: server.name, image: server.image },
          "the engine keeps the image: a container uses it",
        );
    },
  };
}

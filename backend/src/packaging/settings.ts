import { readFile } from "node:fs/promises";
import { imageReferenceSchema, type MigrationSettings } from "@mcp-hub/contracts";
import { errorMessage } from "../errors/index.js";

export interface PackagingSettings {
  /** FROM of node builds (users: node:24-slim; a machine without an image registry: mcp-hub/node-base:24). */
  nodeBase: string;
  /** FROM of python builds (users: python:3.13-slim; a machine without an image registry: mcp-hub/python-base:3.11). */
  pythonBase: string;
  /** PEM text trusted by the build stage only (npm behind a TLS-inspecting proxy). */
  extraCaPem?: string;
  /** An npm mirror URL, build stage only. */
  npmRegistry?: string;
  /** .npmrc contents (auth) from the secret store, build stage only, never in a layer of the image. */
  npmrc?: string;
  buildTimeoutMs: number;
}

export const PACKAGING_DEFAULTS = {
  nodeBase: "node:24-slim",
  pythonBase: "python:3.13-slim",
  /** A cold npm install of a large server on a slow line stays well inside this. */
  buildTimeoutMs: 10 * 60_000,
} as const;

/** The secret whose value is the .npmrc the builds use (private registries, auth tokens). */
export const NPMRC_SECRET = "NPMRC";

export interface PackagingSettingsSources {
  /** HUB_NODE_BASE, HUB_PYTHON_BASE, HUB_NPM_REGISTRY, HUB_EXTRA_CA_CERTS (a PEM file), HUB_BUILD_TIMEOUT_MS. */
  env: NodeJS.ProcessEnv;
  /** Settings' migration section: wins over the environment. */
  settings?: MigrationSettings;
  /** The secret store's lookup (NPMRC, when set). */
  secrets: { names(): Promise<string[]>; get(names: readonly string[]): Promise<Record<string, string>> };
}

function checkedBase(name: string, value: string): string {
  const parsed = imageReferenceSchema.safeParse(value);
  if (!parsed.success) throw new Error(`${name}="${value}": ${parsed.error.issues[0]?.message}`);
  return value;
}

/**
 * What builds use now: Settings first, then the hub's environment, then the product's defaults. Read per build, so a
 * changed setting, secret or CA file applies to the next build without a restart.
 */
export async function packagingSettings(sources: PackagingSettingsSources): Promise<PackagingSettings> {
  const { env, settings = {} } = sources;
  const caFile = env.HUB_EXTRA_CA_CERTS;
  let extraCaPem: string | undefined;
  if (caFile) {
    try {
      extraCaPem = await readFile(caFile, "utf8");
    } catch (error) {
      throw new Error(`HUB_EXTRA_CA_CERTS=${caFile} cannot be read: ${errorMessage(error)}`, {
        cause: error,
      });
    }
  }
  const npmrc = (await sources.secrets.names()).includes(NPMRC_SECRET)
    ? (await sources.secrets.get([NPMRC_SECRET]))[NPMRC_SECRET]
    : undefined;
  const timeout = Number(env.HUB_BUILD_TIMEOUT_MS);
  return {
    nodeBase:
      settings.nodeBase ?? checkedBase("HUB_NODE_BASE", env.HUB_NODE_BASE || PACKAGING_DEFAULTS.nodeBase),
    pythonBase:
      settings.pythonBase ??
      checkedBase("HUB_PYTHON_BASE", env.HUB_PYTHON_BASE || PACKAGING_DEFAULTS.pythonBase),
    extraCaPem: extraCaPem?.trim() ? extraCaPem : undefined,
    npmRegistry: settings.npmRegistry ?? (env.HUB_NPM_REGISTRY || undefined),
    npmrc,
    buildTimeoutMs: Number.isInteger(timeout) && timeout > 0 ? timeout : PACKAGING_DEFAULTS.buildTimeoutMs,
  };
}

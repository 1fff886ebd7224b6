import { z } from "zod";
import { callTimeoutMsSchema } from "./serverConfig.js";
import { optionalFlag, port } from "./leaves.js";
import { registryStatusSchema } from "./registry.js";

/**
 * An image reference as `FROM` takes it: [host[:port]/]path[:tag][@digest], lowercase path. Strict, because it lands
 * in a Dockerfile the hub writes.
 */
export const imageReferenceSchema = z
  .string()
  .max(255)
  .regex(
    /^(?:[a-zA-Z0-9.-]+(?::\d+)?\/)?[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*(?::[\w][\w.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$/,
    "not an image reference (e.g. node:24-slim, registry.example.com/base/python:3.13-slim)",
  );

/**
 * How the hub packages migrated servers; a field left unset takes the hub's environment (HUB_NODE_BASE,
 * HUB_PYTHON_BASE, HUB_NPM_REGISTRY), else node:24-slim, python:3.13-slim and npm's own registry.
 */
export const migrationSettingsSchema = z
  .object({
    /** FROM of node builds. */
    nodeBase: imageReferenceSchema.optional(),
    /** FROM of python builds. */
    pythonBase: imageReferenceSchema.optional(),
    /** An npm mirror the builds install from (build stage only). */
    npmRegistry: z
      .url({ protocol: /^https?$/ })
      .max(2048)
      .optional(),
  })
  .strict();
export type MigrationSettings = z.infer<typeof migrationSettingsSchema>;

/** The hub's settings, as the state file keeps them. */
export const settingsSchema = z.object({
  /** Default per-call timeout in ms; progress resets it. */
  callTimeoutMs: callTimeoutMsSchema.default(60_000),
  /**
   * The local registry's port on 127.0.0.1; unset = HUB_REGISTRY_PORT, else 5000. When it is taken (macOS AirPlay
   * holds 5000) the hub uses the next free one and shows it.
   */
  registryPort: port.optional(),
  /**
   * Read-only mode: only tools annotated readOnlyHint are listed and callable (on /mcp, per-server endpoints and
   * the bridge); others are refused and audited as denied.
   */
  readOnly: z.boolean().default(false),
  migration: migrationSettingsSchema.optional(),
});
export type Settings = z.infer<typeof settingsSchema>;

/**
 * GET /api/settings and the answer to PUT: the settings, plus (read-only) the host port clients reach the hub on and
 * the registry as it runs (the port really in use).
 */
export const settingsViewSchema = z.lazy(() =>
  settingsSchema.extend({ hubPort: port, registry: registryStatusSchema }),
);
export type SettingsView = z.infer<typeof settingsViewSchema>;
export const settingsResponseSchema = z.lazy(() => z.object({ settings: settingsViewSchema }));
export type SettingsResponse = z.infer<typeof settingsResponseSchema>;

/**
 * PUT /api/settings: what the UI may change; fields left out keep their value. A new registry port moves the registry
 * there with its images; null goes back to the default (HUB_REGISTRY_PORT, else 5000).
 */
export const settingsPatchSchema = z
  .object({
    callTimeoutMs: callTimeoutMsSchema.optional(),
    readOnly: optionalFlag,
    registryPort: port.nullable().optional(),
    /** Replaces the migration settings; null goes back to the environment's. */
    migration: migrationSettingsSchema.nullable().optional(),
  })
  .strict();
export type SettingsPatch = z.infer<typeof settingsPatchSchema>;

/** POST /api/token/rotate: the new bearer token (the old one stops working at once). */
export const tokenRotateResponseSchema = z.lazy(() => z.object({ token: z.string().min(1) }));
export type TokenRotateResponse = z.infer<typeof tokenRotateResponseSchema>;

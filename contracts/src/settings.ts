import { z } from "zod";
import { callTimeoutMsSchema } from "./serverConfig.js";
import { optionalFlag, port } from "./leaves.js";
import { registryStatusSchema } from "./registry.js";

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
  })
  .strict();
export type SettingsPatch = z.infer<typeof settingsPatchSchema>;

/** POST /api/token/rotate: the new bearer token (the old one stops working at once). */
export const tokenRotateResponseSchema = z.lazy(() => z.object({ token: z.string().min(1) }));
export type TokenRotateResponse = z.infer<typeof tokenRotateResponseSchema>;

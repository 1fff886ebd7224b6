import { z } from "zod";
import { callTimeoutMsSchema } from "./serverConfig.js";
import { optionalFlag, port } from "./leaves.js";

/** The hub's settings, as the state file keeps them. */
export const settingsSchema = z.object({
  /** Default per-call timeout in ms; progress resets it. */
  callTimeoutMs: callTimeoutMsSchema.default(60_000),
  /** Local registry port on 127.0.0.1 (5000 clashes with macOS AirPlay). */
  registryPort: port.default(5000),
  /**
   * Read-only mode: only tools annotated readOnlyHint are listed and callable (on /mcp, per-server endpoints and
   * the bridge); others are refused and audited as denied.
   */
  readOnly: z.boolean().default(false),
});
export type Settings = z.infer<typeof settingsSchema>;

/** GET /api/settings and the answer to PUT: the settings plus the host port clients reach the hub on (read-only). */
export const settingsViewSchema = z.lazy(() => settingsSchema.extend({ hubPort: port }));
export type SettingsView = z.infer<typeof settingsViewSchema>;
export const settingsResponseSchema = z.lazy(() => z.object({ settings: settingsViewSchema }));
export type SettingsResponse = z.infer<typeof settingsResponseSchema>;

/**
 * PUT /api/settings: what the UI may change; fields left out keep their value. The registry port is fixed when the
 * registry container is created, so it is not here.
 */
export const settingsPatchSchema = z
  .object({ callTimeoutMs: callTimeoutMsSchema.optional(), readOnly: optionalFlag })
  .strict();
export type SettingsPatch = z.infer<typeof settingsPatchSchema>;

/** POST /api/token/rotate: the new bearer token (the old one stops working at once). */
export const tokenRotateResponseSchema = z.lazy(() => z.object({ token: z.string().min(1) }));
export type TokenRotateResponse = z.infer<typeof tokenRotateResponseSchema>;

import { serverConfigSchema, serverNameSchema, settingsSchema, type ServerConfig } from "@mcp-hub/contracts";
import { z } from "zod";

// The server and settings shapes are the REST API's too (POST /api/servers, /api/settings): they live in the
// contracts package, and the state file is built from them.
export {
  builtinServerSchema,
  imageServerSchema,
  remoteServerSchema,
  resourceLimitsSchema,
  riskLevelSchema,
  secretNameSchema,
  serverConfigSchema,
  serverNameSchema,
  settingsSchema,
  type BuiltinServerConfig,
  type ImageServerConfig,
  type RemoteServerConfig,
  type ResourceLimits,
  type RiskLevel,
  type ServerConfig,
  type ServerConfigInput,
  type Settings,
} from "@mcp-hub/contracts";

export const clientProfileSchema = z.object({
  /** Servers this client sees; absent = all. */
  servers: z.array(serverNameSchema).optional(),
  /** Namespaced tool names hidden from this client. */
  hiddenTools: z.array(z.string()).default([]),
});
export type ClientProfile = z.infer<typeof clientProfileSchema>;

export const stateSchema = z
  .object({
    version: z.literal(1),
    settings: settingsSchema.default(settingsSchema.parse({})),
    servers: z.array(serverConfigSchema).default([]),
    clients: z.record(z.string(), clientProfileSchema).default({}),
  })
  .superRefine((state, ctx) => {
    const seen = new Set<string>();
    state.servers.forEach((server: ServerConfig, index) => {
      if (seen.has(server.name))
        ctx.addIssue({
          code: "custom",
          path: ["servers", index, "name"],
          message: `duplicate server name "${server.name}"`,
        });
      seen.add(server.name);
    });
  });
export type HubState = z.infer<typeof stateSchema>;

export const emptyState = (): HubState => stateSchema.parse({ version: 1 });

import { z } from "zod";

/** Server names become container names, tool prefixes and URL segments: keep them boring. */
export const serverNameSchema = z
  .string()
  .regex(
    /^[a-z0-9](?:[a-z0-9-]{0,30}[a-z0-9])?$/,
    "use 1-32 characters: a-z, 0-9 and '-', not at either end",
  );

export const riskLevelSchema = z.enum(["low", "medium", "high"]);
export type RiskLevel = z.infer<typeof riskLevelSchema>;

export const resourceLimitsSchema = z.object({
  /** CPUs as a decimal (0.5 = half a core). */
  cpus: z.number().positive().max(64).optional(),
  memoryMb: z.number().int().min(16).max(65_536).optional(),
  pids: z.number().int().min(8).max(32_768).optional(),
});
export type ResourceLimits = z.infer<typeof resourceLimitsSchema>;

const commonServerFields = {
  name: serverNameSchema,
  enabled: z.boolean().default(true),
  risk: riskLevelSchema.default("medium"),
  /** Write every call of this server to the audit log (label mcp.governance.audit). */
  audit: z.boolean().default(true),
  /** Per-call timeout override; progress notifications reset it. */
  callTimeoutMs: z.number().int().min(100).max(3_600_000).optional(),
  description: z.string().max(500).optional(),
};

/** A server that runs in a container the hub creates from an image. */
export const imageServerSchema = z.object({
  ...commonServerFields,
  kind: z.literal("image"),
  image: z.string().min(1),
  transport: z.enum(["stdio", "http"]).default("stdio"),
  /** Replaces the image's CMD (argv after the entrypoint). Never put secrets here. */
  command: z.array(z.string()).optional(),
  entrypoint: z.array(z.string()).optional(),
  /** For transport "http": the container port and path of its MCP endpoint. */
  port: z.number().int().min(1).max(65_535).optional(),
  path: z.string().startsWith("/").default("/mcp"),
  /** Plain (non-secret) environment. */
  env: z.record(z.string(), z.string()).default({}),
  /** Names of secrets (from the secrets file) injected as environment variables of the same name. */
  secrets: z.array(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/)).default([]),
  /** The server needs to reach the internet (joins the public network instead of mcp-hub-internal). */
  egress: z.boolean().default(false),
  resources: resourceLimitsSchema.default({}),
  /** Run as this user instead of the hardened default (a non-root uid:gid). */
  user: z.string().optional(),
});
export type ImageServerConfig = z.infer<typeof imageServerSchema>;

/** A server reached at a URL (Streamable HTTP, falling back to legacy SSE). */
export const remoteServerSchema = z.object({
  ...commonServerFields,
  kind: z.literal("remote"),
  url: z.url(),
  /** Header name → secret name; values come from the secrets file, never from this file. */
  headerSecrets: z.record(z.string(), z.string()).default({}),
});
export type RemoteServerConfig = z.infer<typeof remoteServerSchema>;

/** An MCP server the hub hosts in-process, from one of its built-in modules (ADR 0007). */
export const builtinServerSchema = z.object({
  ...commonServerFields,
  kind: z.literal("builtin"),
  /** The module that serves it (e.g. "registry"); one module may run as several servers. */
  module: serverNameSchema,
  /** Checked by the module's own schema when the server is added and when it starts. */
  options: z.record(z.string(), z.unknown()).default({}),
});
export type BuiltinServerConfig = z.infer<typeof builtinServerSchema>;

export const serverConfigSchema = z.discriminatedUnion("kind", [
  imageServerSchema,
  remoteServerSchema,
  builtinServerSchema,
]);
export type ServerConfig = z.infer<typeof serverConfigSchema>;
/** What users write (defaults not yet applied). */
export type ServerConfigInput = z.input<typeof serverConfigSchema>;

export const clientProfileSchema = z.object({
  /** Servers this client sees; absent = all. */
  servers: z.array(serverNameSchema).optional(),
  /** Namespaced tool names hidden from this client. */
  hiddenTools: z.array(z.string()).default([]),
});
export type ClientProfile = z.infer<typeof clientProfileSchema>;

export const settingsSchema = z.object({
  /** Default per-call timeout; progress resets it. */
  callTimeoutMs: z.number().int().min(100).max(3_600_000).default(60_000),
  /**
   * The local registry's port on 127.0.0.1; unset = HUB_REGISTRY_PORT, else 5000. When it is taken (macOS AirPlay
   * holds 5000) the hub uses the next free one and shows it.
   */
  registryPort: z.number().int().min(1).max(65_535).optional(),
  /**
   * Read-only mode: only tools annotated readOnlyHint are listed and callable (on /mcp, per-server endpoints and
   * the bridge); others are refused and audited as denied.
   */
  readOnly: z.boolean().default(false),
});
export type Settings = z.infer<typeof settingsSchema>;

export const stateSchema = z
  .object({
    version: z.literal(1),
    settings: settingsSchema.default(settingsSchema.parse({})),
    servers: z.array(serverConfigSchema).default([]),
    clients: z.record(z.string(), clientProfileSchema).default({}),
  })
  .superRefine((state, ctx) => {
    const seen = new Set<string>();
    state.servers.forEach((server, index) => {
      if (seen.has(server.name))
        ctx.addIssue({
          code: "custom",
          path: ["servers", index, "name"],
          message: `duplicate server name "${server.name}"`,
        });
      seen.add(server.name);
      if (server.kind === "image" && server.transport === "http" && server.port === undefined)
        ctx.addIssue({
          code: "custom",
          path: ["servers", index, "port"],
          message: "an http server needs its container port",
        });
    });
  });
export type HubState = z.infer<typeof stateSchema>;

export const emptyState = (): HubState => stateSchema.parse({ version: 1 });

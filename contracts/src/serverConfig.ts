import { z } from "zod";
import { builtinModuleSchema, secretNameSchema, serverNameSchema } from "./names.js";
import { optionalText, port, text, textList } from "./leaves.js";

export const riskLevelSchema = z.enum(["low", "medium", "high"]);
export type RiskLevel = z.infer<typeof riskLevelSchema>;

/** A per-call timeout in ms; progress notifications reset it. */
export const callTimeoutMsSchema = z.number().int().min(100).max(3_600_000);

export const resourceLimitsSchema = z.object({
  /** CPUs as a decimal (0.5 = half a core). */
  cpus: z.number().positive().max(64).optional(),
  memoryMb: z.number().int().min(16).max(65_536).optional(),
  pids: z.number().int().min(8).max(32_768).optional(),
});
export type ResourceLimits = z.infer<typeof resourceLimitsSchema>;

/** The fields every server has, whatever its kind (agents too: contracts/src/agents.ts). */
export const commonServerFields = {
  name: serverNameSchema,
  enabled: z.boolean().default(true),
  risk: riskLevelSchema.default("medium"),
  /** Write every call of this server to the audit log (label mcp.governance.audit). */
  audit: z.boolean().default(true),
  /** Per-call timeout override. */
  callTimeoutMs: callTimeoutMsSchema.optional(),
  description: z.string().max(500).optional(),
};

/** A server that runs in a container the hub creates from an image. */
export const imageServerSchema = z.object({
  ...commonServerFields,
  kind: z.literal("image"),
  image: z.string().min(1),
  transport: z.enum(["stdio", "http"]).default("stdio"),
  /** Replaces the image's CMD (argv after the entrypoint). Never put secrets here. */
  command: textList.optional(),
  entrypoint: textList.optional(),
  /** For transport "http": the container port and path of its MCP endpoint. */
  port: port.optional(),
  path: z.string().startsWith("/").default("/mcp"),
  /** Plain (non-secret) environment. */
  env: z.record(text, text).default({}),
  /** Names of secrets (from the secrets file) injected as environment variables of the same name. */
  secrets: z.array(secretNameSchema).default([]),
  /** The server needs to reach the internet (joins the public network instead of mcp-hub-internal). */
  egress: z.boolean().default(false),
  resources: resourceLimitsSchema.default({}),
  /** Run as this user instead of the hardened default (a non-root uid:gid). */
  user: optionalText,
});
export type ImageServerConfig = z.infer<typeof imageServerSchema>;

/** A server reached at a URL (Streamable HTTP, falling back to legacy SSE). */
export const remoteServerSchema = z.object({
  ...commonServerFields,
  kind: z.literal("remote"),
  url: z.url(),
  /** Header name → secret name; values come from the secrets file, never from the state file. */
  headerSecrets: z.record(text, secretNameSchema).default({}),
});
export type RemoteServerConfig = z.infer<typeof remoteServerSchema>;

/** An MCP server the hub hosts in-process: one of its own modules, configured by `options`. */
export const builtinServerSchema = z.object({
  ...commonServerFields,
  kind: z.literal("builtin"),
  module: builtinModuleSchema,
  options: z.record(text, z.unknown()).default({}),
});
export type BuiltinServerConfig = z.infer<typeof builtinServerSchema>;

/** One configured server, as the state file keeps it and POST /api/servers takes it. */
export const serverConfigSchema = z
  .discriminatedUnion("kind", [imageServerSchema, remoteServerSchema, builtinServerSchema])
  .superRefine((server, ctx) => {
    if (server.kind === "image" && server.transport === "http" && server.port === undefined)
      ctx.addIssue({ code: "custom", path: ["port"], message: "an http server needs its container port" });
  });
export type ServerConfig = z.infer<typeof serverConfigSchema>;
/** What users write (defaults not yet applied): the body of POST /api/servers. */
export type ServerConfigInput = z.input<typeof serverConfigSchema>;
export type ServerKind = ServerConfig["kind"];

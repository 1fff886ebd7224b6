import { z } from "zod";
import { builtinModuleSchema, secretNameSchema, serverNameSchema } from "./names.js";
import { optionalText, port, text, textList } from "./leaves.js";
import { oauthScopeSchema } from "./authorization.js";

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

/** An environment variable's name. */
const envNameSchema = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "use letters, digits and '_', not starting with a digit");

/**
 * A bind mount: `source` as the Docker engine sees it (on Docker Desktop for Windows, the VM's path of the host
 * folder), `target` inside the container; both absolute.
 */
export const mountSchema = z
  .object({
    source: z.string().min(1).max(4096).startsWith("/", "an absolute path as the engine sees it"),
    target: z.string().min(1).max(4096).startsWith("/", "an absolute path inside the container"),
    readOnly: z.boolean().default(true),
  })
  .strict();
export type Mount = z.infer<typeof mountSchema>;

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
  /**
   * Environment variable → secret name, for variables whose secret has another name (two migrated servers may each
   * have their own API_KEY).
   */
  secretEnv: z.record(envNameSchema, secretNameSchema).default({}),
  /** Host paths bound into the container, read-only unless said otherwise (migrated servers' path arguments). */
  mounts: z.array(mountSchema).max(32).default([]),
  /** The server needs to reach the internet (joins the public network instead of mcp-hub-internal). */
  egress: z.boolean().default(false),
  resources: resourceLimitsSchema.default({}),
  /** Run as this user instead of the hardened default (a non-root uid:gid). */
  user: optionalText,
});
export type ImageServerConfig = z.infer<typeof imageServerSchema>;

/**
 * How the hub identifies itself to a remote server's OAuth authorization server. Without it the hub still answers
 * a server's OAuth challenge: dynamic client registration, the scopes the server advertises, the resource parameter.
 */
export const remoteOAuthSchema = z
  .object({
    /** A client the user registered at the provider, with redirect URI http://127.0.0.1:<hub port>/oauth/callback. */
    clientId: z.string().min(1).max(512).optional(),
    /** Name of the secret holding that client's secret (for a confidential client); never the value. */
    clientSecret: z.optional(secretNameSchema),
    /** An HTTPS URL where the user hosts the hub's Client ID Metadata Document, for providers that fetch one. */
    clientMetadataUrl: z
      .url({
        protocol: /^https$/,
        error: "a client metadata document URL must be HTTPS (https://example.com/mcp-hub.json)",
      })
      .optional(),
    /** Scopes to ask for instead of the ones the server advertises. */
    scopes: z.array(oauthScopeSchema).max(64).optional(),
    /** Send RFC 8707's resource parameter; turn off for providers that reject it. */
    resource: z.boolean().default(true),
  })
  .superRefine((oauth, ctx) => {
    if (oauth.clientSecret && !oauth.clientId)
      ctx.addIssue({ code: "custom", path: ["clientSecret"], message: "a client secret needs its clientId" });
    if (oauth.clientId && oauth.clientMetadataUrl)
      ctx.addIssue({
        code: "custom",
        path: ["clientMetadataUrl"],
        message:
          "give either a pre-registered clientId or a clientMetadataUrl (which is the client id), not both",
      });
    // Refinements run even when the URL itself was refused: only a URL that parses has a path to check.
    const metadataUrl = oauth.clientMetadataUrl;
    if (metadataUrl && URL.canParse(metadataUrl) && new URL(metadataUrl).pathname === "/")
      ctx.addIssue({
        code: "custom",
        path: ["clientMetadataUrl"],
        message: "a client metadata document URL needs a path (https://example.com/mcp-hub.json)",
      });
  });
export type RemoteOAuthConfig = z.infer<typeof remoteOAuthSchema>;
export type RemoteOAuthInput = z.input<typeof remoteOAuthSchema>;

/** A server reached at a URL (Streamable HTTP, falling back to legacy SSE). */
export const remoteServerSchema = z.object({
  ...commonServerFields,
  kind: z.literal("remote"),
  url: z.url(),
  /** Header name → secret name; values come from the secrets file, never from the state file. */
  headerSecrets: z.record(text, secretNameSchema).default({}),
  /** The server is behind OAuth and the hub should identify itself this way (see remoteOAuthSchema). */
  oauth: remoteOAuthSchema.optional(),
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

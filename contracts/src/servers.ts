import { z } from "zod";
import { authorizationViewSchema } from "./authorization.js";
import { registryStatusSchema } from "./registry.js";
import { count, flag, integer, optionalFlag, optionalText, text, textList } from "./leaves.js";
import { serverNameSchema } from "./names.js";
import { serverConfigSchema } from "./serverConfig.js";

/** A server's live state. Discovered servers are labelled containers the hub did not create (no config). */
export const serverStatusSchema = z.lazy(() =>
  z.object({
    name: text,
    kind: z.enum(["image", "remote", "builtin", "discovered"]),
    transport: z.enum(["stdio", "http", "in-process"]),
    /** needs-authorization: a remote server behind OAuth waits for the user to authorize (lastError says why). */
    state: z.enum([
      "starting",
      "ready",
      "restarting",
      "stopped",
      "failed",
      "circuit-open",
      "needs-authorization",
    ]),
    /** ISO time of the last state change. */
    since: text,
    startedAt: optionalText,
    restarts: count,
    lastError: optionalText,
    breaker: z.enum(["closed", "open", "half-open"]),
    containerId: optionalText,
  }),
);
export type ServerStatus = z.infer<typeof serverStatusSchema>;
export type ServerState = ServerStatus["state"];

/**
 * A server as the REST API shows it: status, config (secret names only, never values), its catalog counts and, for
 * a remote server, where its OAuth authorization stands.
 */
export const serverViewSchema = z.lazy(() =>
  serverStatusSchema.unwrap().extend({
    enabled: flag,
    config: serverConfigSchema.nullable(),
    counts: z.object({ tools: count, prompts: count, resources: count, resourceTemplates: count }),
    authorization: authorizationViewSchema.optional(),
  }),
);
export type ServerView = z.infer<typeof serverViewSchema>;

/** GET /api/servers */
export const serversResponseSchema = z.lazy(() => z.object({ servers: z.array(serverViewSchema) }));
export type ServersResponse = z.infer<typeof serversResponseSchema>;

/** The `:name` of /api/servers/:name/… */
export const serverParamsSchema = z.object({ name: serverNameSchema });
export type ServerParams = z.infer<typeof serverParamsSchema>;

export const SERVER_ACTIONS = ["enable", "disable", "restart"] as const;
export type ServerAction = (typeof SERVER_ACTIONS)[number];

/** GET /api/servers/:name/logs: the server's recent stderr lines (and the hub's notes on it, prefixed "[hub]"). */
export const serverLogsResponseSchema = z.lazy(() => z.object({ name: text, lines: textList }));
export type ServerLogsResponse = z.infer<typeof serverLogsResponseSchema>;

/** A tool as the server lists it (MCP's Tool, unknown fields kept), plus the name clients call it by on /mcp. */
export const toolViewSchema = z.lazy(() => {
  // An object schema as MCP tools declare their input (and output); the rest of JSON Schema passes through.
  const objectSchema = z.looseObject({
    type: z.literal("object"),
    properties: z.record(text, z.unknown()).optional(),
    required: textList.optional(),
  });
  return z.looseObject({
    name: text,
    /** `<server>__<tool>` */
    namespacedName: text,
    title: optionalText,
    description: optionalText,
    inputSchema: objectSchema,
    outputSchema: objectSchema.optional(),
    annotations: z
      .looseObject({
        title: optionalText,
        readOnlyHint: optionalFlag,
        destructiveHint: optionalFlag,
        idempotentHint: optionalFlag,
        openWorldHint: optionalFlag,
      })
      .optional(),
  });
});
export type ToolView = z.infer<typeof toolViewSchema>;

/** GET /api/servers/:name/tools */
export const toolsResponseSchema = z.lazy(() => z.object({ tools: z.array(toolViewSchema) }));
export type ToolsResponse = z.infer<typeof toolsResponseSchema>;

/** POST /api/discover: the labelled containers picked up now. */
export const discoverResponseSchema = z.lazy(() => z.object({ discovered: textList }));
export type DiscoverResponse = z.infer<typeof discoverResponseSchema>;

/** GET /api/status */
export const hubStatusSchema = z.lazy(() =>
  z.object({
    version: text,
    startedAt: text,
    uptimeSeconds: integer,
    servers: z.object({ total: count, ready: count }),
    tools: count,
    sessions: count,
    registry: registryStatusSchema,
  }),
);
export type HubStatus = z.infer<typeof hubStatusSchema>;

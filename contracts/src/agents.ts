import { z } from "zod";
import { count, flag, optionalText, port, text, textList } from "./leaves.js";
import { secretNameSchema } from "./names.js";
import { commonServerFields, resourceLimitsSchema } from "./serverConfig.js";
import { serverStatusSchema } from "./servers.js";

/*
 * A2A agents (Agent2Agent protocol) behind the hub. An agent is a server of kind "builtin" whose module is "a2a":
 * registered by the URL of its Agent Card or run from an image like an image server, shown on /mcp as tools and
 * reachable by other agents through the hub's A2A gateway.
 */

/** The module of the built-in servers that stand for agents. */
export const AGENT_MODULE = "a2a";

/** The Agent Card's path on an agent's base URL (A2A 0.3 and 1.0). */
export const AGENT_CARD_PATH = "/.well-known/agent-card.json";

/** An HTTP header name (RFC 9110 token). */
const headerNameSchema = z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,128}$/, "not an HTTP header name");

/** How the hub authenticates to an agent: a secret from the secrets file, never a value in the state file. */
export const agentAuthSchema = z.discriminatedUnion("type", [
  /** `Authorization: Bearer <secret>` */
  z.object({ type: z.literal("bearer"), secret: secretNameSchema }),
  /** `<header>: <secret>`, e.g. an API key in X-API-Key. */
  z.object({ type: z.literal("header"), header: headerNameSchema, secret: secretNameSchema }),
]);
export type AgentAuth = z.infer<typeof agentAuthSchema>;

const agentSourceFields = {
  /**
   * Where the agent is: its Agent Card's URL, or its base URL (the hub adds /.well-known/agent-card.json when the
   * path does not end in .json).
   */
  url: z.url({ protocol: /^https?$/ }).optional(),
  /** Or an image the hub runs like an image server: hardened, on the hub's internal network, supervised. */
  image: z.string().min(1).optional(),
  /** For an image: the container port of the agent's HTTP server. */
  port: port.optional(),
  /** For an image: where the container serves its card. */
  cardPath: z.string().startsWith("/").default(AGENT_CARD_PATH),
  /** For an image: replaces the image's CMD. Never put secrets here. */
  command: textList.optional(),
  /** For an image: plain (non-secret) environment. */
  env: z.record(text, text).default({}),
  /** For an image: names of secrets injected as environment variables of the same name. */
  secrets: z.array(secretNameSchema).default([]),
  /** For an image: the agent needs the internet (an LLM API, say): it joins the public network. */
  egress: z.boolean().default(false),
  resources: resourceLimitsSchema.default({}),
  /** For an image: run as this non-root uid:gid instead of the hardened default. */
  user: optionalText,
  auth: agentAuthSchema.optional(),
};

type SourceFields = { url?: string; image?: string; port?: number };
/** Exactly one of url and image; an image needs its port. */
function checkSource(agent: SourceFields, ctx: z.RefinementCtx): void {
  if (Boolean(agent.url) === Boolean(agent.image))
    ctx.addIssue({ code: "custom", path: ["url"], message: "give either url (an agent card) or image" });
  if (agent.image && agent.port === undefined)
    ctx.addIssue({ code: "custom", path: ["port"], message: "an agent image needs the port it listens on" });
}

/** The options of an agent's built-in server, as the state file keeps them. */
export const agentOptionsSchema = z.object(agentSourceFields).superRefine(checkSource);
export type AgentOptions = z.infer<typeof agentOptionsSchema>;

/** POST /api/agents: the agent (options flattened) and the fields every server has. */
export const agentAddSchema = z
  // Agents may work for minutes: callTimeoutMs is reset by progress for clients that ask for it.
  .object({
    ...commonServerFields,
    ...agentSourceFields,
  })
  .superRefine(checkSource);
export type AgentAdd = z.infer<typeof agentAddSchema>;
export type AgentAddInput = z.input<typeof agentAddSchema>;

/** A skill as the agent's card declares it. */
export const agentSkillSchema = z.lazy(() =>
  z.object({ id: text, name: text, description: text, tags: textList, examples: textList }),
);
export type AgentSkill = z.infer<typeof agentSkillSchema>;

/** What the hub read from the agent's card. */
export const agentCardViewSchema = z.lazy(() =>
  z.object({
    name: text,
    description: text,
    version: text,
    /** The A2A version the hub speaks with it: "1.0", or "0.3" for an agent of the earlier version. */
    protocolVersion: text,
    /** How the hub reaches it: JSONRPC or HTTP+JSON. */
    binding: text,
    streaming: flag,
    provider: optionalText,
    documentationUrl: optionalText,
    skills: z.array(agentSkillSchema),
    /** False when the agent has no JSON-RPC interface (the gateway proxies JSON-RPC only): the reason. */
    gateway: z.object({ available: flag, reason: optionalText }),
  }),
);
export type AgentCardView = z.infer<typeof agentCardViewSchema>;

/** An agent as the REST API shows it: its server's state, where it comes from, and its card (or why it is broken). */
export const agentViewSchema = z.lazy(() =>
  z.object({
    name: text,
    enabled: flag,
    state: serverStatusSchema.unwrap().shape.state,
    since: text,
    restarts: count,
    breaker: serverStatusSchema.unwrap().shape.breaker,
    lastError: optionalText,
    source: z.enum(["url", "image"]),
    /** The card's URL (an agent registered by URL) or the image. */
    location: text,
    containerId: optionalText,
    card: agentCardViewSchema.nullable(),
    /** The last card fetch failed (the last good card stays in use): why. */
    cardError: optionalText,
    /** ISO time of the last card fetch, good or not. */
    cardCheckedAt: optionalText,
    /** Its tools on /mcp: `<name>__send_message`, … */
    tools: textList,
  }),
);
export type AgentView = z.infer<typeof agentViewSchema>;

/** Where other agents reach the hub's agents: the A2A gateway's base URL, or null when it does not listen. */
export const agentGatewaySchema = z.lazy(() => z.object({ url: text }).nullable());

/** GET /api/agents */
export const agentsResponseSchema = z.lazy(() =>
  z.object({ agents: z.array(agentViewSchema), gateway: agentGatewaySchema }),
);
export type AgentsResponse = z.infer<typeof agentsResponseSchema>;

/** GET /agents on the A2A gateway: each agent with its card's and endpoint's URLs on the gateway. */
export const gatewayAgentsSchema = z.lazy(() =>
  z.object({
    agents: z.array(
      z.object({
        name: text,
        description: text,
        state: text,
        card: text,
        url: text,
        skills: z.array(agentSkillSchema),
      }),
    ),
  }),
);
export type GatewayAgents = z.infer<typeof gatewayAgentsSchema>;

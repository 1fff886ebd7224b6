import { DefaultAgentCardResolver } from "@a2a-js/sdk/client";
import type { AgentCard, AgentInterface } from "@a2a-js/sdk";
import { AGENT_CARD_PATH, type AgentCardView } from "@mcp-hub/contracts";
import { z } from "zod";
import { errorMessage } from "../../errors/index.js";

/** The bindings the hub speaks to agents: the SDK's JSON-RPC and HTTP+JSON transports (not gRPC, whose library the hub does not carry). */
const SPOKEN_BINDINGS = ["JSONRPC", "HTTP+JSON"] as const;
const CARD_TIMEOUT_MS = 10_000; // a card is a small document; an agent slower than this is not well
const CARD_MAX_BYTES = 1024 * 1024;

/**
 * What the hub relies on in a card (after the SDK turned a 0.3 card into the 1.0 shape). The SDK takes a card as it
 * comes; checking it here turns a broken card into a reason instead of tools that fail later.
 */
const cardSchema = z.looseObject({
  name: z.string().min(1),
  description: z.string().default(""),
  version: z.string().default(""),
  supportedInterfaces: z
    .array(
      z.looseObject({
        url: z.string(),
        protocolBinding: z.string(),
        protocolVersion: z.string().default(""),
      }),
    )
    .min(1, "the card declares no interface"),
  capabilities: z.looseObject({ streaming: z.boolean().optional() }).optional(),
  provider: z.looseObject({ organization: z.string().optional() }).optional(),
  documentationUrl: z.string().optional(),
  skills: z
    .array(
      z.looseObject({
        id: z.string(),
        name: z.string(),
        description: z.string().default(""),
        tags: z.array(z.string()).default([]),
        examples: z.array(z.string()).default([]),
      }),
    )
    .default([]),
});

/** The card's URL: given outright (…/anything.json), or the well-known path on the agent's base URL. */
export function cardUrlOf(url: string): URL {
  const parsed = new URL(url);
  if (parsed.pathname.endsWith(".json")) return parsed;
  return new URL(`${parsed.pathname.replace(/\/$/, "")}${AGENT_CARD_PATH}`, parsed);
}

/** GETs the card as JSON; every failure says what went wrong and where. */
export async function fetchCard(url: URL, headers: Record<string, string>): Promise<Record<string, unknown>> {
  let response: Response;
  try {
    response = await fetch(url, {
      headers: { ...headers, accept: "application/json", "A2A-Version": "1.0" },
      signal: AbortSignal.timeout(CARD_TIMEOUT_MS),
    });
  } catch (error) {
    throw new Error(`could not fetch the agent card at ${url.href}: ${causeOf(error)}`);
  }
  if (!response.ok)
    throw new Error(`the agent card at ${url.href} answered HTTP ${response.status} ${response.statusText}`);
  const text = await response.text();
  if (text.length > CARD_MAX_BYTES)
    throw new Error(`the agent card at ${url.href} is over ${CARD_MAX_BYTES / 1024} KiB`);
  let card: unknown;
  try {
    card = JSON.parse(text);
  } catch {
    throw new Error(`the agent card at ${url.href} is not JSON`);
  }
  if (!card || typeof card !== "object" || Array.isArray(card))
    throw new Error(`the agent card at ${url.href} is not a JSON object`);
  return card as Record<string, unknown>;
}

/** fetch's own message is "fetch failed"; the reason (ECONNREFUSED, a DNS failure, a timeout) is in its cause. */
function causeOf(error: unknown): string {
  const cause = (error as { cause?: unknown }).cause;
  if (error instanceof Error && error.name === "TimeoutError")
    return `no answer within ${CARD_TIMEOUT_MS} ms`;
  return cause ? errorMessage(cause) : errorMessage(error);
}

/** The A2A versions the SDK talks: 1.x natively, [0.3, 1.0) through its compatibility layer. */
export function spokenVersion(version: string): "1.0" | "0.3" | undefined {
  const [major, minor] = (version.trim() || "0.3").split(".").map((n) => Number.parseInt(n, 10));
  if (major === 1) return "1.0";
  if (major === 0 && minor !== undefined && minor >= 3) return "0.3";
  return undefined;
}

/** An interface the hub can use, at its URL as the hub reaches it. */
export interface UsableInterface {
  binding: (typeof SPOKEN_BINDINGS)[number];
  version: "1.0" | "0.3";
  url: string;
  tenant: string;
}

/** A card the hub can use: the SDK's 1.0 form, the interface it talks over, and the JSON-RPC ones for the gateway. */
export interface ReadCard {
  card: AgentCard;
  chosen: UsableInterface;
  /** The JSON-RPC URL per A2A version, for the gateway. */
  jsonRpc: Partial<Record<"1.0" | "0.3", string>>;
  view: AgentCardView;
}

/**
 * Reads a card the agent served: the SDK normalizes it (0.3 cards become 1.0 ones, their interfaces stamped 0.3),
 * then the hub checks what it relies on and picks the interface to talk over: JSON-RPC before HTTP+JSON, 1.0 before
 * 0.3. Interface URLs are resolved against the card's URL; for an agent in a container, their host and port become
 * the container's (a card inside a container usually names localhost). Throws the reason a card cannot be used.
 */
export function readCard(
  raw: Record<string, unknown>,
  where: { cardUrl: URL; container?: string },
): ReadCard {
  let normalized: unknown;
  try {
    normalized = new DefaultAgentCardResolver({ legacyCompat: { enabled: true } }).normalizeAgentCard(raw);
  } catch (error) {
    throw new Error(`the agent card is not a valid A2A card: ${errorMessage(error)}`);
  }
  const parsed = cardSchema.safeParse(normalized);
  if (!parsed.success)
    throw new Error(
      `the agent card is not a valid A2A card: ${parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ")}`,
    );
  const card = parsed.data;
  const usable = card.supportedInterfaces.flatMap((iface): UsableInterface[] => {
    const binding = SPOKEN_BINDINGS.find((b) => b === iface.protocolBinding.toUpperCase());
    const version = spokenVersion(iface.protocolVersion);
    if (!binding || !version) return [];
    const url = reachable(iface.url, where);
    return [{ binding, version, url, tenant: typeof iface.tenant === "string" ? iface.tenant : "" }];
  });
  const rank = (i: UsableInterface) => SPOKEN_BINDINGS.indexOf(i.binding) * 2 + (i.version === "1.0" ? 0 : 1);
  const chosen = [...usable].sort((a, b) => rank(a) - rank(b))[0];
  if (!chosen) throw new Error(unusableReason(card.supportedInterfaces));
  const jsonRpc: ReadCard["jsonRpc"] = {};
  for (const i of usable) if (i.binding === "JSONRPC") jsonRpc[i.version] ??= i.url;
  const interfaces: AgentInterface[] = usable.map((i) => ({
    url: i.url,
    protocolBinding: i.binding,
    protocolVersion: i.version,
    tenant: i.tenant,
  }));
  return {
    card: { ...(normalized as AgentCard), supportedInterfaces: interfaces },
    chosen,
    jsonRpc,
    view: {
      name: card.name,
      description: card.description,
      version: card.version,
      protocolVersion: chosen.version,
      binding: chosen.binding,
      streaming: card.capabilities?.streaming === true,
      provider: card.provider?.organization || undefined,
      documentationUrl: card.documentationUrl || undefined,
      skills: card.skills.map(({ id, name, description, tags, examples }) => ({
        id,
        name,
        description,
        tags,
        examples,
      })),
      gateway: Object.keys(jsonRpc).length
        ? { available: true }
        : {
            available: false,
            reason:
              "the agent has no JSON-RPC interface, and the gateway proxies A2A's JSON-RPC binding only",
          },
    },
  };
}

/** An interface URL as the hub reaches it: resolved against the card's URL, onto the container's address if any. */
function reachable(url: string, where: { cardUrl: URL; container?: string }): string {
  const resolved = new URL(url || "/", where.cardUrl);
  if (!where.container) return resolved.href;
  return new URL(`${resolved.pathname}${resolved.search}`, where.container).href;
}

function unusableReason(interfaces: { protocolBinding: string; protocolVersion: string }[]): string {
  const offered = interfaces.map((i) => `${i.protocolBinding} ${i.protocolVersion || "0.3"}`).join(", ");
  return (
    `the agent offers no interface the hub can talk to (it offers: ${offered}); the hub speaks A2A 1.0, and 0.3 ` +
    `through the SDK's compatibility layer, over JSONRPC or HTTP+JSON`
  );
}

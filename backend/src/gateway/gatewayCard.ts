import type { AgentRecord } from "../agents/index.js";

/** The name of the gateway's security scheme in the cards it serves. */
const SCHEME = "mcp-hub";
const SCHEME_DESCRIPTION = "MCP Hub's bearer token (`mcp-hub token` prints it)";

/** A requested A2A version in the legacy range (absent counts as 0.3, as A2A 1.0 §3.6.2 says). */
const asksForLegacy = (requested: string | undefined) => !requested || requested.trim().startsWith("0.");

/**
 * The agent's card as the gateway serves it: its interfaces all point at the gateway's JSON-RPC endpoint for the
 * agent (one per A2A version the agent speaks there), its security is the gateway's bearer token (the agent's own
 * auth is the hub's business), and its signatures are gone (they no longer match). A 1.0 card stays a 1.0 card; a
 * client asking for 0.3 (or naming no version) also gets the 0.3 fields when the agent speaks 0.3, as the SDK's
 * own servers do. A 0.3 card stays a 0.3 card.
 */
export function toGatewayCard(
  record: AgentRecord,
  endpointUrl: string,
  requestedVersion: string | undefined,
): Record<string, unknown> {
  const versions = Object.keys(record.endpoint?.urls ?? {});
  const card = structuredClone(record.card);
  delete card.signatures;
  if (Array.isArray(card.skills))
    card.skills = card.skills.map((skill: unknown) => {
      if (!skill || typeof skill !== "object") return skill;
      const {
        security: _security,
        securityRequirements: _requirements,
        ...rest
      } = skill as Record<string, unknown>;
      return rest;
    });
  const legacyFields = {
    url: endpointUrl,
    preferredTransport: "JSONRPC",
    additionalInterfaces: [{ url: endpointUrl, transport: "JSONRPC" }],
  };
  if (!Array.isArray(card.supportedInterfaces)) {
    delete card.securityRequirements;
    return {
      ...card,
      ...legacyFields,
      securitySchemes: { [SCHEME]: { type: "http", scheme: "bearer", description: SCHEME_DESCRIPTION } },
      security: [{ [SCHEME]: [] }],
    };
  }
  // A card served in both shapes at once names the agent's own address in its 0.3 fields: never pass those on.
  for (const field of ["security", "url", "preferredTransport", "additionalInterfaces", "protocolVersion"])
    delete card[field];
  return {
    ...card,
    supportedInterfaces: versions.map((version) => ({
      url: endpointUrl,
      protocolBinding: "JSONRPC",
      protocolVersion: version,
    })),
    securitySchemes: {
      [SCHEME]: { httpAuthSecurityScheme: { scheme: "Bearer", description: SCHEME_DESCRIPTION } },
    },
    securityRequirements: [{ schemes: { [SCHEME]: { list: [] } } }],
    ...(versions.includes("0.3") && asksForLegacy(requestedVersion)
      ? { ...legacyFields, protocolVersion: "0.3.0" }
      : {}),
  };
}

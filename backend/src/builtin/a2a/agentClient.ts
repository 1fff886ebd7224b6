import {
  ClientFactory,
  DefaultAgentCardResolver,
  JsonRpcTransportFactory,
  RestTransportFactory,
  type Client,
} from "@a2a-js/sdk/client";
import type { ReadCard } from "./card.js";

/** fetch with the agent's auth headers on every request (the SDK's transports take a fetch of their own). */
export function fetchWithHeaders(headers: Record<string, string>): typeof fetch {
  if (!Object.keys(headers).length) return fetch;
  return (input, init) => {
    const merged = new Headers(init?.headers);
    for (const [name, value] of Object.entries(headers)) merged.set(name, value);
    return fetch(input, { ...init, headers: merged });
  };
}

/**
 * The SDK client for one agent, over the interface readCard chose. The compatibility layer is on, so an agent of
 * A2A 0.3 gets the SDK's 0.3 transport.
 */
export function createAgentClient(read: ReadCard, headers: Record<string, string>): Promise<Client> {
  const fetchImpl = fetchWithHeaders(headers);
  const legacyCompat = { enabled: true };
  const factory = new ClientFactory({
    transports: [
      new JsonRpcTransportFactory({ fetchImpl, legacyCompat }),
      new RestTransportFactory({ fetchImpl, legacyCompat }),
    ],
    cardResolver: new DefaultAgentCardResolver({ fetchImpl, legacyCompat }),
    preferredTransports: [read.chosen.binding],
  });
  const chosen = {
    url: read.chosen.url,
    protocolBinding: read.chosen.binding,
    protocolVersion: read.chosen.version,
    tenant: read.chosen.tenant,
  };
  return factory.createFromAgentCard({ ...read.card, supportedInterfaces: [chosen] });
}

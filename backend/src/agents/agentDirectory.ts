import type { AgentCardView } from "@mcp-hub/contracts";

/** The A2A versions the hub speaks with agents (1.0, and 0.3 through the SDK's compatibility layer). */
export type A2AVersion = "1.0" | "0.3";

/** Where the A2A gateway forwards an agent's JSON-RPC calls. */
export interface AgentEndpoint {
  /** The agent's JSON-RPC URL per A2A version, as the hub reaches it (a container's address for an image). */
  urls: Partial<Record<A2AVersion, string>>;
  /** What the agent's auth needs on every request (values from the secrets file: never log them). */
  headers: Record<string, string>;
}

/** What the running agent's instance learned from its card. */
export interface AgentRecord {
  /** The card as the agent serves it (JSON): the gateway serves it rewritten to point at itself. */
  card: Record<string, unknown>;
  view: AgentCardView;
  /** Absent when the agent has no JSON-RPC interface (view.gateway says why). */
  endpoint?: AgentEndpoint;
  /** ISO time of the last fetch of the card, good or not. */
  checkedAt: string;
  /** Why the last fetch failed; the card above is the last good one. */
  cardError?: string;
}

/**
 * The agents the hub runs, as their instances publish them (builtin/a2a) and the A2A gateway and the REST API read
 * them. An agent is here while an instance of it runs; its state, breaker and config are its server's (the fleet's).
 * Each record belongs to the instance that published it, so an instance that ends late cannot take its
 * successor's record with it.
 */
export class AgentDirectory {
  private readonly records = new Map<string, { owner: object; record: AgentRecord }>();

  publish(name: string, owner: object, record: AgentRecord): void {
    this.records.set(name, { owner, record });
  }

  /** A failed refresh: the last good card stays, with the reason beside it. */
  failed(name: string, owner: object, reason: string, at: string): void {
    const entry = this.records.get(name);
    if (entry?.owner === owner)
      this.records.set(name, { owner, record: { ...entry.record, cardError: reason, checkedAt: at } });
  }

  release(name: string, owner: object): void {
    if (this.records.get(name)?.owner === owner) this.records.delete(name);
  }

  get(name: string): AgentRecord | undefined {
    return this.records.get(name)?.record;
  }
}

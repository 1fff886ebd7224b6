import { randomBytes } from "node:crypto";

/** How long an authorization page handed out stays usable: long enough to sign in, short enough to be useless stolen. */
export const FLOW_TTL_MS = 10 * 60_000;
/** Authorization pages outstanding at once (every Authorize click makes one); the oldest go first. */
const MAX_FLOWS = 32;
/** 256 bits, base64url: unguessable, and safe in a URL as it is. */
const STATE_BYTES = 32;

/** One authorization page handed out: its `state`, the PKCE verifier kept for the code exchange, until when. */
export interface PendingFlow {
  readonly state: string;
  readonly server: string;
  readonly expiresAt: number;
  /** Set by the SDK's auth() through the provider, before the page URL exists. */
  codeVerifier?: string;
  /** The authorization server's issuer, to check the callback's `iss` (RFC 9207) against. */
  issuer?: string;
}

/**
 * The authorization pages waiting for their callback, by `state`. A state is taken exactly once: a replayed or
 * forged callback finds nothing and changes nothing; an expired one is gone as if it had never been.
 */
export class PendingFlows {
  private readonly flows = new Map<string, PendingFlow>();

  constructor(private readonly now: () => number = Date.now) {}

  create(server: string): PendingFlow {
    this.sweep();
    while (this.flows.size >= MAX_FLOWS) this.flows.delete(this.flows.keys().next().value as string);
    const flow: PendingFlow = {
      state: randomBytes(STATE_BYTES).toString("base64url"),
      server,
      expiresAt: this.now() + FLOW_TTL_MS,
    };
    this.flows.set(flow.state, flow);
    return flow;
  }

  /** The flow of this state, removed so it can never be used again; undefined when unknown or expired. */
  take(state: string | undefined): PendingFlow | undefined {
    if (!state) return undefined;
    const flow = this.flows.get(state);
    if (!flow) return undefined;
    this.flows.delete(state);
    return flow.expiresAt > this.now() ? flow : undefined;
  }

  /** A flow whose page could not be made (discovery or registration failed): nobody can use its state. */
  drop(flow: PendingFlow): void {
    this.flows.delete(flow.state);
  }

  /** The latest expiry among a server's open flows, if any: the dashboard shows "waiting for the browser". */
  pendingUntil(server: string): number | undefined {
    this.sweep();
    let latest: number | undefined;
    for (const flow of this.flows.values())
      if (flow.server === server && (latest === undefined || flow.expiresAt > latest))
        latest = flow.expiresAt;
    return latest;
  }

  /** Forgets every flow of a server (removed, or its authorization revoked). */
  forget(server: string): void {
    for (const [state, flow] of this.flows) if (flow.server === server) this.flows.delete(state);
  }

  private sweep(): void {
    const now = this.now();
    for (const [state, flow] of this.flows) if (flow.expiresAt <= now) this.flows.delete(state);
  }
}

import type { AuthorizationRecord } from "./authorizationStore.js";

/** Renew this long before expiry at most: a clock a minute off, or a slow provider, must not let a token lapse. */
const RENEW_AHEAD_MAX_MS = 60_000;
/** …and at least this share of a short lifetime ahead (a 10-minute token is renewed after 7.5 minutes). */
const RENEW_AHEAD_SHARE = 0.25;

/** ISO time of a ms timestamp; undefined stays undefined. */
export const toIso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

/**
 * When the hub renews the access token (ms since the epoch): ahead of its expiry by a quarter of its lifetime, at
 * most a minute. Undefined when it cannot be renewed (no refresh token) or never expires.
 */
export function renewalDueAt(record: AuthorizationRecord): number | undefined {
  const { tokens, expiresAt } = record;
  if (!tokens?.refresh_token || !expiresAt) return undefined;
  const expiry = Date.parse(expiresAt);
  const lifetimeMs = (tokens.expires_in ?? 0) * 1000;
  return expiry - Math.min(RENEW_AHEAD_MAX_MS, lifetimeMs * RENEW_AHEAD_SHARE);
}

/** The access token's expiry for tokens received at `now`, from their expires_in (seconds). */
export function expiryOf(tokens: { expires_in?: number }, now: number): string | undefined {
  return tokens.expires_in === undefined ? undefined : toIso(now + tokens.expires_in * 1000);
}

export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
  /** 0..1; injectable so tests are deterministic. */
  random?: () => number;
}

/**
 * Delay before retry `attempt` (0-based): exponential, capped, with "equal jitter" (half fixed, half random) so
 * many servers restarting, or bridges waiting for one hub, do not retry in lockstep, yet no delay collapses to zero.
 */
export function backoffDelay(attempt: number, options: BackoffOptions): number {
  const exponential = Math.min(options.maxMs, options.initialMs * 2 ** Math.min(attempt, 30));
  const random = (options.random ?? Math.random)();
  return Math.round(exponential / 2 + (exponential / 2) * random);
}

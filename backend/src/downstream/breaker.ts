export type BreakerState = "closed" | "open" | "half-open";

export interface BreakerOptions {
  /** Failures within `windowMs` that open the circuit. */
  failures: number;
  windowMs: number;
  /** How long the circuit stays open before one trial (half-open). */
  openMs: number;
  now?: () => number;
}

/**
 * A circuit breaker as a value: it only counts and tells time. The supervisor decides what a failure is and what
 * to do when the circuit opens, so this stays pure and unit-testable.
 */
export class Breaker {
  private failureTimes: number[] = [];
  private openedAt: number | undefined;
  private readonly now: () => number;

  constructor(private readonly options: BreakerOptions) {
    this.now = options.now ?? Date.now;
  }

  state(): BreakerState {
    if (this.openedAt === undefined) return "closed";
    return this.now() - this.openedAt >= this.options.openMs ? "half-open" : "open";
  }

  /** Milliseconds until the open circuit allows a trial; 0 when not open. */
  retryInMs(): number {
    if (this.openedAt === undefined) return 0;
    return Math.max(0, this.options.openMs - (this.now() - this.openedAt));
  }

  /** Records a failure; true when this failure opened (or re-opened) the circuit. */
  failure(): boolean {
    const now = this.now();
    if (this.openedAt !== undefined) {
      // A failed half-open trial re-opens at once; failures while open just extend nothing.
      if (this.state() === "half-open") {
        this.openedAt = now;
        return true;
      }
      return false;
    }
    this.failureTimes = this.failureTimes.filter((t) => now - t < this.options.windowMs);
    this.failureTimes.push(now);
    if (this.failureTimes.length >= this.options.failures) {
      this.openedAt = now;
      this.failureTimes = [];
      return true;
    }
    return false;
  }

  /** A success closes a half-open circuit; in the closed state it leaves the window alone. */
  success(): void {
    if (this.state() === "half-open") this.reset();
  }

  reset(): void {
    this.openedAt = undefined;
    this.failureTimes = [];
  }
}

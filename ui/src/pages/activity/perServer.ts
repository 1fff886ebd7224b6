import type { AuditEvent } from "../../api";

/** One server's share of the loaded audit events. */
export interface ServerStats {
  server: string;
  calls: number;
  /** Calls whose outcome is not "ok" (error, timeout, cancelled, denied). */
  failures: number;
  /** failures / calls, 0..1. */
  errorRate: number;
  p50Ms: number;
  p95Ms: number;
}

/**
 * Nearest-rank percentile of ascending values: always a latency that was actually observed, so a single slow call
 * is reported as itself rather than blended with its neighbours.
 */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

/** Per-server calls, failure rate and p50/p95 latency; busiest server first, ties by name so the order is stable. */
export function perServerStats(events: readonly AuditEvent[]): ServerStats[] {
  const byServer = new Map<string, AuditEvent[]>();
  for (const event of events) {
    const list = byServer.get(event.server);
    if (list) list.push(event);
    else byServer.set(event.server, [event]);
  }
  return [...byServer.entries()]
    .map(([server, list]) => {
      const latencies = list.map((e) => e.latencyMs).sort((a, b) => a - b);
      const failures = list.filter((e) => e.outcome !== "ok").length;
      return {
        server,
        calls: list.length,
        failures,
        errorRate: failures / list.length,
        p50Ms: percentile(latencies, 50),
        p95Ms: percentile(latencies, 95),
      };
    })
    .sort((a, b) => b.calls - a.calls || a.server.localeCompare(b.server));
}

/** "25%"; a rate that rounds to 0 but is not 0 reads "<1%" so rare failures do not look like none. */
export function formatRate(rate: number): string {
  if (rate > 0 && rate < 0.005) return "<1%";
  return `${Math.round(rate * 100)}%`;
}

/** Whole milliseconds, as in the events table. */
export function formatMs(ms: number): string {
  return `${Math.round(ms)} ms`;
}

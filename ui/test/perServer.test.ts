import { describe, expect, it } from "vitest";
import type { AuditEvent, AuditOutcome } from "../src/api";
import { formatRate, percentile, perServerStats } from "../src/pages/activity/perServer";

const event = (server: string, latencyMs: number, outcome: AuditOutcome = "ok"): AuditEvent => ({
  time: "2025-01-01T00:00:00.000Z",
  server,
  method: "tools/call",
  name: "echo",
  outcome,
  latencyMs,
});

describe("perServerStats", () => {
  it("is empty without events", () => {
    expect(perServerStats([])).toEqual([]);
  });

  it("counts calls and every outcome other than ok as a failure, busiest server first", () => {
    const stats = perServerStats([
      event("b", 5),
      event("a", 1, "error"),
      event("a", 2, "timeout"),
      event("a", 3, "cancelled"),
      event("a", 4, "denied"),
      event("a", 5),
      event("c", 7, "error"),
    ]);
    expect(stats.map((s) => [s.server, s.calls, s.failures, s.errorRate])).toEqual([
      ["a", 5, 4, 0.8],
      ["b", 1, 0, 0],
      ["c", 1, 1, 1],
    ]);
  });

  it("takes nearest-rank p50 and p95 whatever order the events arrive in", () => {
    const latencies = Array.from({ length: 20 }, (_, i) => i + 1).reverse();
    const [stats] = perServerStats(latencies.map((ms) => event("fixture", ms)));
    expect(stats).toMatchObject({ server: "fixture", calls: 20, p50Ms: 10, p95Ms: 19 });
    // One call: both percentiles are that call.
    expect(perServerStats([event("one", 42.5)])[0]).toMatchObject({ p50Ms: 42.5, p95Ms: 42.5 });
  });
});

describe("percentile", () => {
  it("returns an observed value at the rank, and 0 for no values", () => {
    expect(percentile([], 50)).toBe(0);
    expect(percentile([1, 2, 3, 4], 50)).toBe(2);
    expect(percentile([1, 2, 3, 4], 95)).toBe(4);
    expect(percentile([1, 2, 3, 4], 0)).toBe(1);
  });
});

describe("formatRate", () => {
  it("rounds to whole percent but never shows a failure as 0%", () => {
    expect(formatRate(0)).toBe("0%");
    expect(formatRate(0.004)).toBe("<1%");
    expect(formatRate(0.255)).toBe("26%");
    expect(formatRate(1)).toBe("100%");
  });
});

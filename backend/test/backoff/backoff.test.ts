import { describe, expect, it } from "vitest";
import { backoffDelay } from "../../src/backoff/index.js";

describe("backoffDelay", () => {
  it("grows exponentially up to the cap, with jitter between half and all of it", () => {
    const at = (attempt: number, random: number) =>
      backoffDelay(attempt, { initialMs: 100, maxMs: 1_000, random: () => random });
    expect([0, 1, 2, 3, 10].map((a) => at(a, 1))).toEqual([100, 200, 400, 800, 1_000]);
    expect(at(2, 0)).toBe(200);
    expect(at(50, 0.5)).toBe(750);
  });
});

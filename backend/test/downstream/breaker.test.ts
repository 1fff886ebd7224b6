import { describe, expect, it } from "vitest";
import { Breaker } from "../../src/downstream/index.js";

describe("Breaker", () => {
  const clock = () => {
    let now = 1_000;
    return { now: () => now, advance: (ms: number) => (now += ms) };
  };

  it("opens after N failures within the window, then half-opens after openMs", () => {
    const time = clock();
    const breaker = new Breaker({ failures: 3, windowMs: 1_000, openMs: 5_000, now: time.now });
    expect(breaker.failure()).toBe(false);
    expect(breaker.failure()).toBe(false);
    expect(breaker.failure()).toBe(true);
    expect(breaker.state()).toBe("open");
    time.advance(4_000);
    expect(breaker.retryInMs()).toBe(1_000);
    time.advance(1_000);
    expect(breaker.state()).toBe("half-open");
  });

  it("forgets failures older than the window", () => {
    const time = clock();
    const breaker = new Breaker({ failures: 3, windowMs: 1_000, openMs: 5_000, now: time.now });
    breaker.failure();
    breaker.failure();
    time.advance(1_001);
    expect(breaker.failure()).toBe(false);
    expect(breaker.state()).toBe("closed");
  });

  it("closes on a successful half-open trial and re-opens on a failed one", () => {
    const time = clock();
    const breaker = new Breaker({ failures: 1, windowMs: 1_000, openMs: 100, now: time.now });
    breaker.failure();
    time.advance(100);
    expect(breaker.failure()).toBe(true);
    expect(breaker.state()).toBe("open");
    time.advance(100);
    breaker.success();
    expect(breaker.state()).toBe("closed");
  });

  it("reset closes it at once", () => {
    const breaker = new Breaker({ failures: 1, windowMs: 1_000, openMs: 60_000 });
    breaker.failure();
    breaker.reset();
    expect(breaker.state()).toBe("closed");
  });
});

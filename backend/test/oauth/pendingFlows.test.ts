import { describe, expect, it } from "vitest";
import { FLOW_TTL_MS } from "../../src/oauth/index.js";
import { PendingFlows } from "../../src/oauth/pendingFlows.js";

describe("pending authorization flows", () => {
  it("hands out unguessable states that are taken once and expire", () => {
    let now = 1_000;
    const flows = new PendingFlows(() => now);
    const a = flows.create("tracker");
    const b = flows.create("tracker");
    expect(a.state).toMatch(/^[\w-]{43}$/);
    expect(a.state).not.toBe(b.state);
    expect(flows.pendingUntil("tracker")).toBe(1_000 + FLOW_TTL_MS);

    expect(flows.take(a.state)).toBe(a);
    expect(flows.take(a.state)).toBeUndefined(); // replay
    expect(flows.take("forged")).toBeUndefined();
    expect(flows.take(undefined)).toBeUndefined();

    now += FLOW_TTL_MS;
    expect(flows.take(b.state)).toBeUndefined(); // expired
    expect(flows.pendingUntil("tracker")).toBeUndefined();
  });

  it("forgets a server's flows when it is revoked or removed", () => {
    const flows = new PendingFlows();
    const kept = flows.create("other");
    const gone = flows.create("tracker");
    flows.forget("tracker");
    expect(flows.take(gone.state)).toBeUndefined();
    expect(flows.take(kept.state)).toBe(kept);
  });
});

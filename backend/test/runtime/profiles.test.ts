import { describe, expect, it } from "vitest";
import { DEFAULT_USER, NETWORKS, profileFor, toHostConfig } from "../../src/runtime/index.js";

describe("profileFor", () => {
  it("hardens every profile: non-root, read-only rootfs, tmpfs, no caps, no new privileges, init", () => {
    for (const risk of ["low", "medium", "high"] as const) {
      const profile = profileFor({ risk });
      expect(profile).toMatchObject({
        readOnlyRootfs: true,
        user: DEFAULT_USER,
        capDrop: ["ALL"],
        noNewPrivileges: true,
        init: true,
        tmpfs: { "/tmp": "rw,nosuid,nodev,size=64m" },
      });
      expect(profile.user).not.toMatch(/^0(:|$)|^root/);
    }
  });

  it("maps risk to network and caps: high gets no network and less of everything", () => {
    const medium = profileFor({ risk: "medium" });
    const high = profileFor({ risk: "high" });
    expect(profileFor({ risk: "low" }).network).toBe(NETWORKS.internal);
    expect(medium.network).toBe(NETWORKS.internal);
    expect(high.network).toBe("none");
    expect(high.limits.cpus).toBeLessThan(medium.limits.cpus);
    expect(high.limits.memoryMb).toBeLessThan(medium.limits.memoryMb);
    expect(high.limits.pids).toBeLessThan(medium.limits.pids);
  });

  it("puts servers that declare egress on the public network, and keeps http servers reachable", () => {
    expect(profileFor({ risk: "medium", egress: true }).network).toBe(NETWORKS.public);
    expect(profileFor({ risk: "high", egress: true }).network).toBe(NETWORKS.public);
    expect(profileFor({ risk: "high", transport: "http" }).network).toBe(NETWORKS.internal);
  });

  it("lets configured resources and user override the defaults", () => {
    const profile = profileFor({ risk: "high", resources: { memoryMb: 1024 }, user: "2000:2000" });
    expect(profile.limits).toEqual({ cpus: 0.5, memoryMb: 1024, pids: 128 });
    expect(profile.user).toBe("2000:2000");
  });
});

describe("toHostConfig", () => {
  it("produces every security field from the profile", () => {
    const host = toHostConfig(
      profileFor({ risk: "medium", resources: { cpus: 1.5, memoryMb: 300, pids: 99 } }),
    );
    expect(host).toEqual({
      CapDrop: ["ALL"],
      ReadonlyRootfs: true,
      SecurityOpt: ["no-new-privileges:true"],
      Tmpfs: { "/tmp": "rw,nosuid,nodev,size=64m" },
      NanoCpus: 1_500_000_000,
      Memory: 300 * 1024 * 1024,
      MemorySwap: 300 * 1024 * 1024,
      PidsLimit: 99,
      Init: true,
      NetworkMode: NETWORKS.internal,
    });
  });

  it("omits no-new-privileges only when the profile says so", () => {
    const profile = { ...profileFor({ risk: "low" }), noNewPrivileges: false };
    expect(toHostConfig(profile).SecurityOpt).toEqual([]);
  });
});

import type { PermissionProfile } from "./types.js";

/** The subset of Docker's HostConfig that hardening sets (field names as the Engine API spells them). */
export interface HardenedHostConfig {
  CapDrop: string[];
  ReadonlyRootfs: boolean;
  SecurityOpt: string[];
  Tmpfs: Record<string, string>;
  NanoCpus: number;
  Memory: number;
  /** Equal to Memory: no swap, so the memory cap is a real cap. */
  MemorySwap: number;
  PidsLimit: number;
  Init: boolean;
  NetworkMode: string;
}

/** The ONE place that turns a permission profile into HostConfig security fields (ADR 0013). */
export function toHostConfig(profile: PermissionProfile): HardenedHostConfig {
  const memory = profile.limits.memoryMb * 1024 * 1024;
  return {
    CapDrop: [...profile.capDrop],
    ReadonlyRootfs: profile.readOnlyRootfs,
    SecurityOpt: profile.noNewPrivileges ? ["no-new-privileges:true"] : [],
    Tmpfs: { ...profile.tmpfs },
    NanoCpus: Math.round(profile.limits.cpus * 1e9),
    Memory: memory,
    MemorySwap: memory,
    PidsLimit: profile.limits.pids,
    Init: profile.init,
    NetworkMode: profile.network,
  };
}

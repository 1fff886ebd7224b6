import type { ResourceLimits, RiskLevel } from "../config/index.js";
import { NETWORKS, type PermissionProfile } from "./types.js";

/** Non-root by default: most images run fine as an unprivileged uid, and root in a container is still root. */
export const DEFAULT_USER = "1000:1000";

/**
 * exec stays allowed in /tmp on purpose: npx/uvx-style servers unpack and run helpers there. nosuid/nodev and a
 * size cap keep it from becoming a privilege or memory escape.
 */
export const TMPFS_OPTIONS = "rw,nosuid,nodev,size=64m";

/** Caps per risk level; high-risk servers (filesystem, shell, docker) get less of everything. */
const LIMITS: Record<RiskLevel, Required<ResourceLimits>> = {
  low: { cpus: 1, memoryMb: 512, pids: 256 },
  medium: { cpus: 1, memoryMb: 512, pids: 256 },
  high: { cpus: 0.5, memoryMb: 256, pids: 128 },
};

export interface ProfileInput {
  risk: RiskLevel;
  resources?: ResourceLimits;
  /** The server declared it needs the internet. */
  egress?: boolean;
  user?: string;
  /** An http server must be reachable by the hub, so it never gets network "none". */
  transport?: "stdio" | "http";
}

/**
 * Risk level picks the hardening (ADR 0013). Network: an explicit egress declaration wins (public network);
 * otherwise high risk gets no network at all (internal when it serves http), low/medium the internal network.
 */
export function profileFor(input: ProfileInput): PermissionProfile {
  const defaults = LIMITS[input.risk];
  const resources = input.resources ?? {};
  return {
    readOnlyRootfs: true,
    user: input.user ?? DEFAULT_USER,
    capDrop: ["ALL"],
    noNewPrivileges: true,
    tmpfs: { "/tmp": TMPFS_OPTIONS },
    limits: {
      cpus: resources.cpus ?? defaults.cpus,
      memoryMb: resources.memoryMb ?? defaults.memoryMb,
      pids: resources.pids ?? defaults.pids,
    },
    network: networkFor(input),
    init: true,
  };
}

function networkFor(input: ProfileInput): string {
  if (input.egress) return NETWORKS.public;
  if (input.risk === "high" && input.transport !== "http") return "none";
  return NETWORKS.internal;
}

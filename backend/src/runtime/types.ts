import type { Readable, Writable } from "node:stream";
import type { ResourceLimits, RiskLevel } from "../config/index.js";

/** Labels are the truth about what the hub manages (ADR 0012). */
export const LABELS = {
  server: "mcp.server",
  governanceLevel: "mcp.governance.level",
  governanceAudit: "mcp.governance.audit",
  managed: "mcp-hub.managed",
  transport: "mcp-hub.transport",
  configHash: "mcp-hub.config-hash",
  test: "mcp-hub.test",
} as const;

export const NETWORKS = { public: "mcp-hub", internal: "mcp-hub-internal" } as const;

/** Hardening is data: one profile yields every HostConfig security field. */
export interface PermissionProfile {
  readOnlyRootfs: boolean;
  user: string; // non-root uid:gid
  capDrop: string[];
  noNewPrivileges: boolean;
  tmpfs: Record<string, string>; // mount point -> options
  limits: Required<ResourceLimits>;
  network: string; // network name, or "none"
  init: boolean;
}

export interface WorkloadSpec {
  server: string; // container name is mcp-<server>
  image: string;
  entrypoint?: string[];
  command?: string[];
  /** Includes secret values: never log this object. */
  env: Record<string, string>;
  /**
   * Secret environment (merged into Env at create time). Kept apart from `env` so the config-hash label covers
   * only a digest of these values: changing a secret redeploys, yet the label reveals nothing.
   */
  secretEnv?: Record<string, string>;
  transport: "stdio" | "http";
  risk: RiskLevel;
  audit: boolean;
  profile: PermissionProfile;
  /** Extra labels (e.g. mcp-hub.test). */
  labels?: Record<string, string>;
}

/** A closed domain set, not Docker's raw strings. */
export type WorkloadState = "created" | "running" | "restarting" | "exited" | "dead" | "unknown";

export interface WorkloadInfo {
  id: string;
  name: string; // container name without leading slash
  server: string; // mcp.server label
  image: string;
  state: WorkloadState;
  managed: boolean; // created by the hub (mcp-hub.managed=true) vs discovered
  transport?: "stdio" | "http";
  configHash?: string;
  labels: Record<string, string>;
  startedAt?: Date;
  /** IP address on the hub's networks, for http servers. */
  address?: string;
}

/** stdin/stdout of a process in a container; stderr is delivered separately. */
export interface StdioStreams {
  stdin: Writable;
  stdout: Readable;
  stderr: Readable;
  /** Ends the attach/exec connection (the container keeps running). */
  close(): void;
}

export type DeployResult = { status: "created" | "adopted"; workload: WorkloadInfo };

/** A long-lived helper container the hub keeps (e.g. the local image registry), found by name, never an MCP server. */
export interface ServiceSpec {
  name: string;
  image: string;
  /** Published on the host: hostIp:hostPort -> containerPort/tcp. */
  ports: { hostIp: string; hostPort: number; containerPort: number }[];
  /** Named volumes: volume -> mount point. */
  volumes: Record<string, string>;
  network: string;
  labels: Record<string, string>;
  env?: Record<string, string>;
}

/**
 * created = new container (also when the spec changed: the old one is replaced, its named volumes kept);
 * started = the existing one was stopped; running = the existing one already ran.
 */
export type ServiceResult = { status: "created" | "started" | "running"; id: string };

/** A short-lived container that runs one command to its end (e.g. the registry's garbage collection). */
export interface TaskSpec {
  name: string;
  image: string;
  entrypoint: string[];
  command: string[];
  volumes: Record<string, string>;
  labels: Record<string, string>;
}

export interface ContainerRuntime {
  /** Creates mcp-hub and mcp-hub-internal (internal: true) if missing; idempotent. */
  ensureNetworks(): Promise<void>;
  /** Adopts a running container with the same server and config hash, else replaces it. */
  deploy(spec: WorkloadSpec): Promise<DeployResult>;
  attach(id: string): Promise<StdioStreams>;
  /** A second process in the same container (same caps), e.g. one downstream session per client. */
  exec(id: string, argv: string[], env?: Record<string, string>): Promise<StdioStreams>;
  /** The image's entrypoint + cmd as the container runs it. */
  processArgv(id: string): Promise<string[]>;
  inspect(id: string): Promise<WorkloadInfo | undefined>;
  /** Containers labelled mcp.server (managed and discovered). */
  list(): Promise<WorkloadInfo[]>;
  /** Resolves with the exit code when the container stops. */
  waitExit(id: string): Promise<number>;
  stop(id: string, timeoutSeconds?: number): Promise<void>;
  remove(id: string): Promise<void>;
  logs(id: string, tail: number): Promise<string>;
  /**
   * Removes MANAGED containers whose mcp.server is not in `keepServers` (discovered ones are never touched).
   * Resolves with the names of the containers removed.
   */
  removeOrphans(keepServers: string[]): Promise<string[]>;
  /**
   * Makes sure a container named spec.name runs (restart unless-stopped): reuses and starts an existing one by
   * name, else pulls the image if missing and creates it. Never creates a second one.
   */
  ensureService(spec: ServiceSpec): Promise<ServiceResult>;
  /** Stops the service container of this name, if any (it stays, to be started again by ensureService). */
  stopService(name: string): Promise<void>;
  /** Runs a task container to its end without network; resolves with its exit code and output; removes it. */
  runTask(spec: TaskSpec): Promise<{ exitCode: number; output: string }>;
  /** Removes containers carrying all these labels (e.g. a task left running by a hub that stopped). */
  removeLabelled(labels: Record<string, string>): Promise<number>;
  /** Makes the image available on the engine: already there, or pulled now; rejects with the engine's reason. */
  ensureImage(ref: string): Promise<"present" | "pulled">;
}

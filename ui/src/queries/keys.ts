import type { AuditQuery, Choice, Platform } from "../api";

/** Query keys, one factory per resource: invalidating a prefix refreshes everything below it. */
export const keys = {
  status: ["status"] as const,
  servers: {
    all: ["servers"] as const,
    logs: (name: string) => ["servers", name, "logs"] as const,
    tools: (name: string) => ["servers", name, "tools"] as const,
  },
  clients: ["clients"] as const,
  clientSetup: (platform: Platform) => ["client-setup", platform] as const,
  audit: {
    all: ["audit"] as const,
    list: (query: AuditQuery) => ["audit", query] as const,
  },
  settings: ["settings"] as const,
  registry: {
    all: ["registry"] as const,
    tag: (repository: string, tag: string) => ["registry", repository, tag] as const,
  },
  docker: ["docker"] as const,
  migrate: {
    all: ["migrate"] as const,
    scan: (id: string) => ["migrate", "scans", id] as const,
    plan: (scan: string, choices: Record<string, Choice>) => ["migrate", "plans", scan, choices] as const,
    runs: ["migrate", "runs"] as const,
    run: (id: string) => ["migrate", "runs", id] as const,
    report: (id: string) => ["migrate", "runs", id, "report"] as const,
  },
  agents: ["agents"] as const,
};

/** Polling in Docker Desktop, where the socket cannot stream events (the dashboard gets SSE instead). */
export const POLL_MS = 5_000;

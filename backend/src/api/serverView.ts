import type { ServerConfig } from "../config/index.js";
import type { ServerStatus } from "../downstream/index.js";
import type { Hub } from "../hub/index.js";

/** What the API shows of a server: status, config (secret names only, never values) and its catalog counts. */
export function toServerView(hub: Hub, status: ServerStatus, config: ServerConfig | undefined) {
  const lists = hub.catalog.get(status.name);
  return {
    ...status,
    enabled: config?.enabled ?? true,
    config: config ?? null,
    counts: {
      tools: lists.tools.length,
      prompts: lists.prompts.length,
      resources: lists.resources.length,
      resourceTemplates: lists.resourceTemplates.length,
    },
  };
}

/** The status of a configured server the hub is not running (disabled): it still shows, as stopped. */
export function toStoppedStatus(config: ServerConfig, since: Date): ServerStatus {
  return {
    name: config.name,
    kind: config.kind,
    transport: config.kind === "image" ? config.transport : "http",
    state: "stopped",
    since: since.toISOString(),
    restarts: 0,
    breaker: "closed",
  };
}

/**
 * Labels on what the docker tools create, and the labels by which they recognise the hub's own containers. The
 * `mcp-hub.docker.*` family is distinct from `mcp-hub.managed`, which marks the MCP servers the hub runs (ADR 0012):
 * `make stop` removes those, and must never take a user's stack with them.
 */
export const CREATED = {
  /** The built-in server that created it (e.g. "docker"). */
  by: "mcp-hub.docker.created-by",
  tool: "mcp-hub.docker.tool",
  at: "mcp-hub.docker.created-at",
  /** Hash of a build's inputs, so deploy_stack rebuilds an image only when its Dockerfile or files change. */
  buildHash: "mcp-hub.docker.build-hash",
} as const;

export const STACK = {
  name: "mcp-hub.stack",
  service: "mcp-hub.stack.service",
  revision: "mcp-hub.stack.revision",
  /** Hash of the service's resolved definition: an unchanged service is kept on redeploy. */
  hash: "mcp-hub.stack.config-hash",
  /** Compose's own labels, so Docker Desktop groups a stack's containers as one project. */
  composeProject: "com.docker.compose.project",
  composeService: "com.docker.compose.service",
} as const;

/** What marks the hub's own containers and networks (compose files, scripts/hub-up.sh, runtime/). */
export const HUB = {
  managed: "mcp-hub.managed",
  component: "mcp-hub.component",
  server: "mcp.server",
  network: "mcp-hub.network",
} as const;

export interface CreatedLabels {
  /** Labels for something a tool creates now. */
  (tool: string, extra?: Record<string, string>): Record<string, string>;
}

/** `server` names the built-in server; `extra` are the options' and the hub's own labels (tests mark theirs). */
export function createdLabels(server: string, extra: Record<string, string>): CreatedLabels {
  return (tool, more = {}) => ({
    ...extra,
    ...more,
    [CREATED.by]: server,
    [CREATED.tool]: tool,
    [CREATED.at]: new Date().toISOString(),
  });
}

export const isCreatedByHub = (labels: Record<string, string> | null | undefined): boolean =>
  Boolean(labels?.[CREATED.by]);

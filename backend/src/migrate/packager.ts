import type { PlannedServer } from "@mcp-hub/contracts";

/**
 * What a run asks of packaging: a planned server made into an image in the local registry, checked to answer MCP
 * in a throw-away container, and its image taken back on rollback. The run calls nothing else of it.
 */
export interface Packager {
  /** Builds (or reuses an unchanged package@version's image), tags and pushes; `onLog` gets the build's lines. */
  build(
    server: PlannedServer,
    options: { onLog(line: string): void; signal: AbortSignal; scriptContext?: Buffer },
  ): Promise<{ image: string; reused: boolean }>;
  /**
   * initialize + tools/list in a throw-away container. `secrets` holds the values the server's environment needs,
   * keyed by its environment variable names (the keys of `server.secretEnv`).
   */
  handshake(
    server: PlannedServer,
    options: { secrets: Record<string, string>; signal: AbortSignal; timeoutMs: number },
  ): Promise<{ tools: string[] }>;
  /** Rollback: the server's tag out of the local registry (and the engine). */
  removeImage(server: PlannedServer): Promise<void>;
}

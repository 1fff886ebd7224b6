import { createDockerDesktopClient } from "@docker/extension-api-client";
import type { v1 } from "@docker/extension-api-client-types";

/** Docker Desktop injects window.ddClient into the extension's tab; a browser on the hub's port has none. */
export function inDockerDesktop(): boolean {
  return typeof window !== "undefined" && Boolean((window as { ddClient?: unknown }).ddClient);
}

/**
 * The Desktop client, created on demand: calling createDockerDesktopClient() at module scope throws in a browser
 * and in tests (extension.md §7.6). It only reads window.ddClient, so there is nothing to cache.
 */
export function desktopClient(): v1.DockerDesktopClient {
  return createDockerDesktopClient();
}

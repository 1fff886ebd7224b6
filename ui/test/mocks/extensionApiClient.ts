import type { v1 } from "@docker/extension-api-client-types";

/** Stand-in for @docker/extension-api-client (aliased in vitest.config.ts): the real one also just reads window. */
export function createDockerDesktopClient(): v1.DockerDesktopClient {
  const client = (window as { ddClient?: v1.DockerDesktopClient }).ddClient;
  if (!client) throw new Error("no window.ddClient (the test did not install a fake Docker Desktop)");
  return client;
}

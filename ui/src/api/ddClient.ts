import { createDockerDesktopClient } from "@docker/extension-api-client";
import type { v1 } from "@docker/extension-api-client-types";
import type { Platform } from "./types";

/** Docker Desktop injects window.ddClient into the extension's tab; a browser on the hub's port has none. */
export function inDockerDesktop(): boolean {
  return typeof window !== "undefined" && Boolean((window as { ddClient?: unknown }).ddClient);
}

/**
 * The Desktop client, created on demand: calling createDockerDesktopClient() at module scope throws in a browser
 * and in tests. It only reads window.ddClient, so there is nothing to cache.
 */
export function desktopClient(): v1.DockerDesktopClient {
  return createDockerDesktopClient();
}

/**
 * The user's operating system, as the hub's client setup names it: Desktop says; on the dashboard the browser's
 * user agent does (the hub in its container cannot tell).
 */
export function userPlatform(): Platform {
  const named = inDockerDesktop() ? desktopClient().host?.platform : navigator.userAgent;
  if (!named) return "linux";
  if (/^win32$|Windows/i.test(named)) return "win32";
  if (/^darwin$|Macintosh|Mac OS X/i.test(named)) return "darwin";
  return "linux";
}

/**
 * Inside Desktop, notices are Desktop's own toasts, as in Docker's extensions. False where there are none (the
 * dashboard, a Desktop without desktopUI): the caller shows its own.
 */
export function desktopToast(severity: "success" | "warning" | "error", message: string): boolean {
  const toast = inDockerDesktop() ? desktopClient().desktopUI?.toast : undefined;
  if (!toast) return false;
  toast[severity](message);
  return true;
}

/** Desktop opens links in the system browser through the extension API; false on the dashboard (a plain link does). */
export function openExternally(url: string): boolean {
  if (!inDockerDesktop()) return false;
  desktopClient().host.openExternal(url);
  return true;
}

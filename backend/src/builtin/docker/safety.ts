import { normalize, sep } from "node:path";
import type { Mode } from "./options.js";
import { Refusal } from "./toolKit.js";

/** The parts of a container's definition that can hand it the host. */
export interface HostAccess {
  privileged?: boolean;
  networkMode?: string;
  pidMode?: string;
  ipcMode?: string;
  /** Bind-mount sources (host paths); named volumes are not listed here. */
  hostPaths?: string[];
  capAdd?: string[];
  devices?: string[];
}

const DOCKER_SOCKETS = ["/var/run/docker.sock", "/run/docker.sock"];
/** Capabilities that amount to root on the host. */
const HOST_CAPS = new Set([
  "ALL",
  "SYS_ADMIN",
  "SYS_MODULE",
  "SYS_PTRACE",
  "SYS_RAWIO",
  "NET_ADMIN",
  "DAC_READ_SEARCH",
]);

/** What in `access` reaches the host, one phrase each; empty when nothing does. */
export function dangersOf(access: HostAccess, allowedHostPaths: readonly string[]): string[] {
  const dangers: string[] = [];
  if (access.privileged) dangers.push("privileged mode");
  if (access.networkMode === "host") dangers.push("the host's network namespace");
  if (access.pidMode === "host") dangers.push("the host's PID namespace");
  if (access.ipcMode === "host") dangers.push("the host's IPC namespace");
  for (const cap of access.capAdd ?? [])
    if (HOST_CAPS.has(cap.toUpperCase().replace(/^CAP_/, ""))) dangers.push(`capability ${cap}`);
  for (const device of access.devices ?? []) dangers.push(`host device ${device}`);
  for (const path of access.hostPaths ?? []) {
    const clean = normalize(path).replace(/\/+$/, "") || "/";
    if (isDockerSocket(clean)) dangers.push(`the Docker socket (${path})`);
    else if (!allowedHostPaths.some((allowed) => isWithin(clean, allowed)))
      dangers.push(`host path ${path} (not under an allowed host path)`);
  }
  return dangers;
}

/** The socket itself, or a folder above it (mounting /var/run hands over the socket too). */
export const isDockerSocket = (path: string): boolean =>
  /docker\.sock(\.raw)?$/.test(path) || DOCKER_SOCKETS.some((socket) => isWithin(socket, path));

function isWithin(path: string, folder: string): boolean {
  const base = normalize(folder).replace(/\/+$/, "") || "/";
  return path === base || path.startsWith(base === "/" ? "/" : `${base}${sep}`);
}

/**
 * Refuses dangerous options outside `full` mode, and has them confirmed in it. `confirm` is the call's own; the
 * action says exactly what the container would get.
 */
export async function allowHostAccess(
  dangers: string[],
  what: string,
  mode: Mode,
  confirm: (action: string) => Promise<void>,
): Promise<void> {
  if (!dangers.length) return;
  const list = dangers.join(", ");
  if (mode !== "full")
    throw new Refusal(
      `Refused: ${what} would get ${list}, which gives it control of the host. The docker tools run in ` +
        `"${mode}" mode; a user who wants this sets the server's option mode to "full" (and allowedHostPaths for host folders).`,
    );
  await confirm(`${what} gets ${list}, which gives it control of the host`);
}

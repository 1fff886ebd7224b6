import type { Platform } from "@mcp-hub/contracts";

/**
 * Where a host path is for the Docker engine, and where the server sees it. On Linux and macOS both are the path
 * itself (the server's arguments and logs read as the user wrote them). On Windows the engine runs in Docker
 * Desktop's VM, which sees drive C: at /run/desktop/mnt/host/c — the raw socket the extension uses does not translate
 * Windows paths — and the server gets /c/… inside its container.
 */
export function hostPathMount(path: string, platform: Platform): { source: string; target: string } {
  if (platform !== "win32") return { source: path, target: path };
  const drive = /^([A-Za-z]):[\\/]?(.*)$/.exec(path);
  if (!drive) return { source: path, target: path.replaceAll("\\", "/") };
  const rest = drive[2]!.replaceAll("\\", "/");
  const letter = drive[1]!.toLowerCase();
  return { source: `/run/desktop/mnt/host/${letter}/${rest}`, target: `/${letter}/${rest}` };
}

/** Folders Docker Desktop for Mac shares by default; binds outside them fail until the user shares them. */
const MAC_SHARED = ["/Users/", "/Volumes/", "/private/", "/tmp/", "/var/folders/"];

/**
 * A warning when the path will not bind on the user's Docker Desktop as it is set up by default: on a Mac outside
 * its shared folders, on Linux outside the user's home (Docker Desktop for Linux shares only that; a plain engine
 * binds anything, hence "if"). Windows' WSL 2 engine reaches every drive.
 */
export function sharingNote(path: string, platform: Platform, home?: string): string | undefined {
  if (platform === "darwin" && !MAC_SHARED.some((shared) => `${path}/`.startsWith(shared)))
    return `${path} is outside the folders Docker Desktop shares by default (/Users, /Volumes, /private, /tmp): add it under Settings → Resources → File sharing`;
  if (platform === "linux" && home && !`${path}/`.startsWith(`${home.replace(/\/+$/, "")}/`))
    return `${path} is outside your home folder, the only one Docker Desktop for Linux shares by default: if you use it, add the folder under Settings → Resources → File sharing`;
  return undefined;
}

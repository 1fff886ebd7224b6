import { readFile } from "node:fs/promises";
import type { ClientId, ScannedFile, ScanRequest } from "@mcp-hub/contracts";
import { CLIENTS, mountedEnvContext, resolveTarget, type HostMount } from "../clients/index.js";
import { errorMessage } from "../errors/index.js";

/** The client files of a mounted home, as a scan request; a file that exists but cannot be read, said so. */
export interface LocalClientFiles {
  request: ScanRequest & { platform: HostMount["platform"] };
  unreadable: ScannedFile[];
}

/**
 * Reads each client's user config file from the user's home mounted in this container (the hub's, or the image the
 * host helper runs), at the paths the clients module knows per OS. Paths keep the host's spelling, so the scan shows
 * and rewrites the files the user knows. A client without a file has nothing to migrate and is left out.
 */
export async function readClientFiles(
  mount: HostMount,
  clients?: readonly ClientId[],
): Promise<LocalClientFiles> {
  const env = mountedEnvContext(mount);
  const files: ScanRequest["files"] = [];
  const unreadable: ScannedFile[] = [];
  for (const def of CLIENTS) {
    if ((clients && !clients.includes(def.id)) || !def.scopes.includes("user")) continue;
    const target = await resolveTarget(def.id, { env, scope: "user" });
    try {
      files.push({ origin: def.id, file: target.file, text: await readFile(target.localFile, "utf8") });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") continue;
      unreadable.push({
        status: "invalid",
        origin: def.id,
        file: target.file,
        error: { message: `it could not be read: ${errorMessage(error)}`, line: 0, column: 0 },
      });
    }
  }
  return { request: { platform: mount.platform, home: mount.home, files }, unreadable };
}

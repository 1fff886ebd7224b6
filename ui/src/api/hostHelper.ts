import { HOST_HELPERS } from "@mcp-hub/contracts";
import { desktopClient, userPlatform } from "./ddClient";
import { ApiError } from "./errors";

/**
 * Client config files live on the user's machine, which the hub in Docker Desktop's VM cannot see. Inside Desktop
 * the extension's host helper (metadata.json host.binaries) does the work as the user: it runs `mcp-hub client …`
 * from our image with the home directory mounted. Desktop passes arguments through a shell, so only simple words
 * go in — client ids, actions and flags — never paths or JSON.
 */
export async function runHostHelper<T>(args: string[]): Promise<T> {
  if (args.some((arg) => !/^[a-z0-9-]+$/.test(arg)))
    throw new ApiError(400, "bad_request", `refusing to pass "${args.join(" ")}" to the host helper`);
  const dd = desktopClient();
  const cli = dd.extension.host?.cli;
  if (!cli) throw new ApiError(0, "no_host", "Docker Desktop did not give this extension its host helper.");
  const name = dd.host.platform === "win32" ? "mcp-hub-host.cmd" : "mcp-hub-host";
  let stdout: string;
  try {
    stdout = (await cli.exec(name, [...args, "--json"])).stdout;
  } catch (error) {
    // exec rejects with the process result: its stderr says what went wrong (mcp-hub's own message).
    const { stderr, code } = (error ?? {}) as { stderr?: string; code?: number };
    const message = stderr?.trim().replace(/^mcp-hub: /, "") || "The host helper failed.";
    throw new ApiError(code === 4 ? 404 : code === 2 ? 400 : 500, "host_helper", message);
  }
  try {
    return JSON.parse(stdout) as T;
  } catch {
    throw new ApiError(500, "host_helper", "The host helper answered something that is not JSON.");
  }
}

/** A host helper command as the user types it on their machine (from a checkout, or the extension's files). */
export function hostHelperCommand(args: string[]): string {
  return [HOST_HELPERS[userPlatform()], ...args].join(" ");
}

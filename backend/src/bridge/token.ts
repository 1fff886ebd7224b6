import { readFile } from "node:fs/promises";
import { errorMessage } from "../errors/index.js";
import type { BridgeOptions } from "./options.js";

export type TokenRead = { ok: true; token: string } | { ok: false; reason: string };

/**
 * The hub token: MCP_HUB_TOKEN, else the token file on the read-only data volume. Read on every (re)connect, so a
 * rotated token (the hub rewrites the file) is picked up after a 401 without restarting the client.
 */
export async function readToken(options: Pick<BridgeOptions, "token" | "tokenFile">): Promise<TokenRead> {
  if (options.token) return { ok: true, token: options.token };
  try {
    const token = (await readFile(options.tokenFile, "utf8")).trim();
    return token ? { ok: true, token } : { ok: false, reason: `${options.tokenFile} is empty` };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT")
      return {
        ok: false,
        reason: `no token at ${options.tokenFile} (mount the hub's data volume: -v mcp-hub-data:/data:ro; the hub writes it on first start)`,
      };
    if (code === "EACCES")
      return {
        ok: false,
        reason: `cannot read ${options.tokenFile} (permission denied): the token is readable by root only, so run the bridge as root (the image's default user)`,
      };
    return { ok: false, reason: `cannot read ${options.tokenFile}: ${errorMessage(error)}` };
  }
}

import { readFile } from "node:fs/promises";
import type {
  ContextStored,
  MigrateScanOutput,
  Scan,
  ScanOrigin,
  ScanRequest,
  ScriptFolder,
} from "@mcp-hub/contracts";
import { CLIENTS, resolveTarget, UnknownClient, type EnvContext } from "../clients/index.js";
import { packScriptFolders } from "../migrate/index.js";
import { CliError, EXIT, uploadApi, type HubConnection } from "./hubClient.js";

/** `mcp-hub migrate scan -`: the file comes on stdin. */
export const STDIN = "-";
/** What the scan request takes of one file (scanRequestSchema), in characters. */
const SCAN_TEXT_MAX = 1024 * 1024;

export interface ClientFile {
  origin: ScanOrigin;
  /** As the client sees it (the host's path), or "stdin". */
  file: string;
  text: string;
}

/** The files to send, and the clients whose file is absent or could not be read (as `migrate scan --json` prints them). */
export interface ReadFiles extends Pick<MigrateScanOutput, "absent" | "unreadable"> {
  files: ClientFile[];
}

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY)
    throw new CliError(
      "`scan -` reads a client file from stdin: mcp-hub migrate scan - < file.json",
      EXIT.usage,
    );
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * The user-scope config files of the named clients (every client the clients module knows when none is named), read
 * where this command runs; or, for `-`, one file of any client's shape from stdin. A named client whose file is
 * missing or unreadable is an error; unnamed ones are only listed.
 */
export async function readClientFiles(env: EnvContext, clients: string[]): Promise<ReadFiles> {
  const read: ReadFiles = { files: [], absent: [], unreadable: [] };
  if (clients.includes(STDIN)) {
    if (clients.length > 1) throw new CliError("`-` (stdin) is one file: name no client with it", EXIT.usage);
    const text = await readStdin();
    if (!text.trim()) throw new CliError("stdin was empty: pipe a client's config file", EXIT.usage);
    if (text.length > SCAN_TEXT_MAX) throw new CliError("stdin holds more than 1 MiB", EXIT.usage);
    read.files.push({ origin: "upload", file: "stdin", text });
    return read;
  }
  const named = clients.length > 0;
  for (const client of named ? [...new Set(clients)] : CLIENTS.map((c) => c.id)) {
    let target;
    try {
      target = await resolveTarget(client, { env, scope: "user" });
    } catch (error) {
      if (error instanceof UnknownClient) throw new CliError(error.message, EXIT.usage);
      throw error;
    }
    const where = { client, file: target.file };
    let text: string;
    try {
      text = await readFile(target.localFile, "utf8");
    } catch (error) {
      const missing = (error as NodeJS.ErrnoException).code === "ENOENT";
      if (missing && !named) read.absent.push(where);
      else if (missing)
        throw new CliError(
          `${target.def.displayName} has no config file here (${target.file})`,
          EXIT.notFound,
        );
      else if (!named) read.unreadable.push({ ...where, reason: (error as Error).message });
      else throw new CliError(`${target.file} cannot be read: ${(error as Error).message}`, EXIT.failed);
      continue;
    }
    if (text.length > SCAN_TEXT_MAX) {
      const reason = "it is larger than 1 MiB, more than a scan takes";
      if (named) throw new CliError(`${target.file}: ${reason}`, EXIT.failed);
      read.unreadable.push({ ...where, reason });
      continue;
    }
    read.files.push({ origin: target.def.id, file: target.file, text });
  }
  return read;
}

/** The scan request: the files' texts with the platform and home they come from (for `~` and Windows paths). */
export function scanRequest(env: EnvContext, files: ClientFile[]): ScanRequest {
  return { files, platform: env.platform, home: env.home };
}

/** Sends each local script's folder to the hub as a tar stream, for its image (migrate/scriptFolders.ts). */
export function sendScriptFolders(
  connection: HubConnection,
  scan: Scan,
  env: EnvContext,
  options: { workspaceFolder?: string } = {},
): Promise<ScriptFolder[]> {
  return packScriptFolders(scan, env, options, async (key, tar) => {
    const stored = await uploadApi<ContextStored>(
      connection,
      "PUT",
      `/migrate/scans/${encodeURIComponent(scan.id)}/contexts/${encodeURIComponent(key)}`,
      { type: "application/x-tar", data: tar },
    );
    return stored.bytes;
  });
}

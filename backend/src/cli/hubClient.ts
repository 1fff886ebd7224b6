import { readFile } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";
import { TOKEN_FILE } from "../config/index.js";
import { errorMessage } from "../errors/index.js";

/** Exit codes scripts can rely on. */
export const EXIT = { ok: 0, failed: 1, usage: 2, unreachable: 3, notFound: 4, unauthorized: 5 } as const;

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

export interface HubConnection {
  url: string;
  token?: string;
  dataDir: string;
}

export function dataDirFrom(option?: string): string {
  return option ?? process.env.HUB_DATA_DIR ?? join(homedir(), ".mcp-hub");
}

/** The token: --token, then MCP_HUB_TOKEN, then the data directory's token file (inside the hub container). */
export async function resolveToken(connection: HubConnection): Promise<string | undefined> {
  if (connection.token) return connection.token;
  if (process.env.MCP_HUB_TOKEN) return process.env.MCP_HUB_TOKEN;
  try {
    return (await readFile(join(connection.dataDir, TOKEN_FILE), "utf8")).trim();
  } catch {
    return undefined;
  }
}

/** A small client of the REST API; maps HTTP outcomes to exit codes. */
export async function callApi<T>(
  connection: HubConnection,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const token = await resolveToken(connection);
  let response: Response;
  try {
    response = await fetch(new URL(`/api${path}`, connection.url), {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    throw new CliError(
      `cannot reach the hub at ${connection.url} (${(error as Error).cause ?? errorMessage(error)}); is it running? Start it with \`make run\` or \`mcp-hub serve\``,
      EXIT.unreachable,
    );
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  const parsed = (text ? JSON.parse(text) : undefined) as (T & { message?: string }) | undefined;
  if (response.ok) return parsed as T;
  const message = parsed?.message ?? `${response.status} ${response.statusText}`;
  const code =
    response.status === 404
      ? EXIT.notFound
      : response.status === 401 || response.status === 403
        ? EXIT.unauthorized
        : EXIT.failed;
  throw new CliError(message, code);
}

import { readFile } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";
import { EventSourceParserStream } from "eventsource-parser/stream";
import { TOKEN_FILE } from "../config/index.js";
import { errorMessage } from "../errors/index.js";

/** Exit codes scripts can rely on. */
export const EXIT = { ok: 0, failed: 1, usage: 2, unreachable: 3, notFound: 4, unauthorized: 5 } as const;

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
    /** The API's stable error code (image_in_use, …) when the hub refused. */
    readonly apiCode?: string,
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
  const response = await request(connection, method, path, { body });
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/** A request whose body is bytes of another type (a tar stream), answered with JSON. */
export async function uploadApi<T>(
  connection: HubConnection,
  method: string,
  path: string,
  upload: { type: string; data: Uint8Array },
): Promise<T> {
  const response = await request(connection, method, path, { upload });
  return (await response.json()) as T;
}

/**
 * A request the hub answers with server-sent events: each event's name and JSON data, in order, to the end — or
 * until `signal` aborts (an endless stream, such as a run's events, is left that way).
 */
export async function streamApi(
  connection: HubConnection,
  method: string,
  path: string,
  onEvent: (event: string, data: unknown) => void,
  signal?: AbortSignal,
): Promise<void> {
  const response = await request(connection, method, path, { accept: "text/event-stream", signal });
  if (!response.body) return;
  const events = response.body
    .pipeThrough(new TextDecoderStream())
    .pipeThrough(new EventSourceParserStream());
  try {
    for await (const message of events) onEvent(message.event ?? "message", JSON.parse(message.data));
  } catch (error) {
    if (!signal?.aborted) throw error;
  }
}

/** An error the API answered (status and its body's code and message), as the exit code scripts act on. */
export function apiFailure(status: number, body: { error?: string; message?: string }): CliError {
  const code =
    status === 404 ? EXIT.notFound : status === 401 || status === 403 ? EXIT.unauthorized : EXIT.failed;
  return new CliError(body.message ?? `the hub answered ${status}`, code, body.error);
}

async function request(
  connection: HubConnection,
  method: string,
  path: string,
  options: {
    body?: unknown;
    accept?: string;
    signal?: AbortSignal;
    upload?: { type: string; data: Uint8Array };
  },
): Promise<Response> {
  const token = await resolveToken(connection);
  let response: Response;
  try {
    response = await fetch(new URL(`/api${path}`, connection.url), {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(options.accept ? { accept: options.accept } : {}),
        ...(options.body === undefined ? {} : { "content-type": "application/json" }),
        ...(options.upload ? { "content-type": options.upload.type } : {}),
      },
      body: options.upload?.data ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
      signal: options.signal,
    });
  } catch (error) {
    throw new CliError(
      `cannot reach the hub at ${connection.url} (${(error as Error).cause ?? errorMessage(error)}); is it running? Start it with \`make run\` or \`mcp-hub serve\``,
      EXIT.unreachable,
    );
  }
  if (response.ok) return response;
  const text = await response.text();
  let body: { error?: string; message?: string } = {};
  try {
    body = text ? (JSON.parse(text) as typeof body) : {};
  } catch {
    // Not the hub's JSON (a proxy's page, say): the status line says enough.
  }
  throw apiFailure(response.status, {
    ...body,
    message: body.message ?? `${response.status} ${response.statusText}`,
  });
}

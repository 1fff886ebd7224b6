import type { OAuthClientProvider } from "@modelcontextprotocol/sdk/client/auth.js";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import { errorMessage } from "../errors/index.js";
import type { ContainerRuntime, StdioStreams } from "../runtime/index.js";
import { ContainerStdioTransport } from "./containerStdioTransport.js";
import { OrderedTransport } from "./orderedTransport.js";
import type { LogRing } from "./logRing.js";

/** One live, initialized MCP connection to a server. */
export interface Connection {
  client: Client;
  containerId?: string;
  /** Settles when the container behind the connection stops; absent for remote servers. */
  exited?: Promise<unknown>;
  close(): Promise<void>;
}

/** How one kind of server is reached; the supervisor above is the same for all kinds. */
export interface Connector {
  kind: "image" | "remote" | "discovered" | "builtin";
  transport: "stdio" | "http" | "in-process";
  connect(createClient: () => Client): Promise<Connection>;
  /** An extra MCP session for one client session, beside `connection`. */
  openSession(connection: Connection, createClient: () => Client): Promise<Connection>;
  /** A user-requested restart: make the next connect start from a fresh workload (if the hub owns it). */
  recreate?(containerId: string | undefined): Promise<void>;
  /** Stops and removes the workload (only for workloads the hub owns). */
  remove?(containerId: string | undefined): Promise<void>;
}

export interface ConnectOptions {
  connectTimeoutMs: number;
}

/** Connects a fresh client over `transport`, closing the transport if initialize fails. */
export async function initialize(
  createClient: () => Client,
  transport: Transport,
  options: ConnectOptions,
): Promise<Client> {
  const client = createClient();
  try {
    await client.connect(new OrderedTransport(transport), { timeout: options.connectTimeoutMs });
    return client;
  } catch (error) {
    await transport.close().catch(() => undefined);
    throw error;
  }
}

/** An MCP session with a server process in a running container. */
export interface ContainerSessionOptions {
  runtime: ContainerRuntime;
  containerId: string;
  ring: LogRing;
  createClient: () => Client;
  connectTimeoutMs: number;
}

/** MCP over a container's attached stdio (or an exec'd process's). */
export async function connectStdio(
  options: ContainerSessionOptions & { streams: StdioStreams; watchExit: boolean },
): Promise<Connection> {
  const transport = new ContainerStdioTransport(options.streams, options.ring);
  // Watched from before initialize: attaching to a container that is dying can hang rather than close.
  const exited = options.watchExit ? options.runtime.waitExit(options.containerId) : undefined;
  const client = await untilExit(initialize(options.createClient, transport, options), exited, () =>
    transport.close(),
  );
  return { client, containerId: options.containerId, exited, close: () => client.close() };
}

/**
 * How long a failed connect waits for the engine to report that the container exited: the report trails the closed
 * stdio by well under a second when idle, but by more than one on a busy engine.
 */
const EXIT_REPORT_GRACE_MS = 3000;

/** The rejection of `promise` if it rejects within `ms`, else undefined. */
async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ms)));
  try {
    return await Promise.race([
      promise.then(
        () => undefined,
        (error: unknown) => error,
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** Settles with `work`, or rejects as soon as the container exits first (then runs `abandon`). */
export async function untilExit<T>(
  work: Promise<T>,
  exited: Promise<unknown> | undefined,
  abandon: () => unknown,
): Promise<T> {
  if (!exited) return work;
  let lost = false;
  const died = exited.then(
    (code) => {
      throw new Error(`the container exited (code ${String(code)}) while connecting`);
    },
    (error: unknown) => {
      throw new Error(`the container is gone: ${errorMessage(error)}`);
    },
  );
  try {
    return await Promise.race([work, died]);
  } catch (error) {
    lost = true;
    // A server that dies at start closes its stdio a moment before the engine reports the exit, so the handshake
    // fails first with a bare "Connection closed": the exit code, if it follows soon, says more.
    throw (await settlesWithin(died, EXIT_REPORT_GRACE_MS)) ?? error;
  } finally {
    // Neither loser may surface as an unhandled rejection.
    died.catch(() => undefined);
    work.catch(() => undefined);
    // Not awaited: abandoning may itself wait for the slow loser.
    if (lost)
      void Promise.resolve()
        .then(abandon)
        .catch(() => undefined);
  }
}

/** The container's own server process, over an attach of its stdio; the connection ends when the container exits. */
export async function attachSession(options: ContainerSessionOptions): Promise<Connection> {
  const streams = await options.runtime.attach(options.containerId);
  return connectStdio({ ...options, streams, watchExit: true });
}

/** A second server process in the same container, for a dedicated session (ADR 0003): same argv and caps. */
export async function execSession(options: ContainerSessionOptions): Promise<Connection> {
  const argv = await options.runtime.processArgv(options.containerId);
  const streams = await options.runtime.exec(options.containerId, argv);
  return connectStdio({ ...options, streams, watchExit: false });
}

const HTTP_RETRY_MS = 250; // between attempts while a freshly started http server is not listening yet

/**
 * Streamable HTTP, falling back to the legacy SSE transport when the server answers 4xx (the SDK's documented
 * backwards-compatible client). Closing also ends the server-side session so it does not linger. The HTTP client
 * transports load on first use: they pull in web streams and an event-stream parser that a hub with only stdio
 * servers would carry for nothing (idle memory is a target, docs/architecture.md).
 */
export async function connectHttp(options: {
  url: URL;
  headers?: Record<string, string>;
  /** OAuth for a remote server: the transports send its access token (and ask it what to do on a 401). */
  authProvider?: OAuthClientProvider;
  createClient: () => Client;
  connectTimeoutMs: number;
  /** Keep trying until the deadline while the server is still starting (connection refused). */
  waitUntilListening?: boolean;
}): Promise<Connection> {
  const { StreamableHTTPClientTransport, StreamableHTTPError } =
    await import("@modelcontextprotocol/sdk/client/streamableHttp.js");
  const isClientError = (error: unknown): boolean =>
    error instanceof StreamableHTTPError && error.code !== undefined && error.code >= 400 && error.code < 500;
  const requestInit = options.headers ? { headers: options.headers } : undefined;
  const { authProvider } = options;
  const deadline = Date.now() + options.connectTimeoutMs;
  for (;;) {
    const transport = new StreamableHTTPClientTransport(options.url, { requestInit, authProvider });
    try {
      const client = await initialize(options.createClient, transport, options);
      return {
        client,
        close: async () => {
          await transport.terminateSession().catch(() => undefined);
          await client.close();
        },
      };
    } catch (error) {
      if (isClientError(error)) {
        const { SSEClientTransport } = await import("@modelcontextprotocol/sdk/client/sse.js");
        const sse = new SSEClientTransport(options.url, { requestInit, authProvider });
        const client = await initialize(options.createClient, sse, options);
        return { client, close: () => client.close() };
      }
      if (!options.waitUntilListening || Date.now() + HTTP_RETRY_MS > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, HTTP_RETRY_MS));
    }
  }
}

/** Copies an http container's output into its log ring (nothing reads its stdio otherwise). */
export async function tailOutput(
  runtime: ContainerRuntime,
  containerId: string,
  ring: LogRing,
): Promise<() => void> {
  const streams = await runtime.attach(containerId);
  streams.stdout.on("data", (chunk: Buffer) => ring.push(chunk));
  streams.stderr.on("data", (chunk: Buffer) => ring.push(chunk));
  return () => streams.close();
}

/**
 * SDK clients for tests: Streamable HTTP, legacy SSE or stdio, with an optional bearer token and the client-side
 * features (sampling, elicitation, roots) switched on exactly when a handler for them is given.
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { SSEClientTransport } from "@modelcontextprotocol/sdk/client/sse.js";
import { getDefaultEnvironment, StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import {
  CreateMessageRequestSchema,
  ElicitRequestSchema,
  ListRootsRequestSchema,
  type ClientCapabilities,
  type CreateMessageRequest,
  type CreateMessageResult,
  type ElicitRequest,
  type ElicitResult,
  type Root,
} from "@modelcontextprotocol/sdk/types.js";

export interface ClientHandlers {
  sampling?: (request: CreateMessageRequest["params"]) => CreateMessageResult | Promise<CreateMessageResult>;
  elicitation?: (request: ElicitRequest["params"]) => ElicitResult | Promise<ElicitResult>;
  /** A fixed list or a function, answered on roots/list. */
  roots?: Root[] | (() => Root[]);
}

export interface TestClientOptions {
  name?: string;
  version?: string;
  /** Sent as `Authorization: Bearer <token>` (HTTP and SSE only). */
  token?: string;
  headers?: Record<string, string>;
  handlers?: ClientHandlers;
}

export interface ConnectedClient<T extends Transport = Transport> {
  client: Client;
  transport: T;
  close(): Promise<void>;
}

export interface StdioCommand {
  command: string;
  args?: string[];
  env?: Record<string, string>;
  cwd?: string;
}

/** Builds an unconnected Client whose capabilities follow the handlers given. */
export function createTestClient(options: TestClientOptions = {}): Client {
  const { handlers = {} } = options;
  const capabilities: ClientCapabilities = {};
  if (handlers.sampling) capabilities.sampling = {};
  if (handlers.elicitation) capabilities.elicitation = { form: {} };
  if (handlers.roots) capabilities.roots = { listChanged: true };

  const client = new Client(
    { name: options.name ?? "mcp-hub-test", version: options.version ?? "1.0.0" },
    { capabilities },
  );
  const { sampling, elicitation, roots } = handlers;
  if (sampling) client.setRequestHandler(CreateMessageRequestSchema, (req) => sampling(req.params));
  if (elicitation) client.setRequestHandler(ElicitRequestSchema, (req) => elicitation(req.params));
  if (roots)
    client.setRequestHandler(ListRootsRequestSchema, () => ({
      roots: typeof roots === "function" ? roots() : roots,
    }));
  return client;
}

function requestHeaders(options: TestClientOptions): Record<string, string> {
  return { ...options.headers, ...(options.token ? { authorization: `Bearer ${options.token}` } : {}) };
}

async function connectWith<T extends Transport>(
  transport: T,
  options: TestClientOptions,
): Promise<ConnectedClient<T>> {
  const client = createTestClient(options);
  await client.connect(transport);
  return { client, transport, close: () => client.close() };
}

export function connectStreamableHttp(
  url: string | URL,
  options: TestClientOptions = {},
): Promise<ConnectedClient<StreamableHTTPClientTransport>> {
  const transport = new StreamableHTTPClientTransport(new URL(url), {
    requestInit: { headers: requestHeaders(options) },
  });
  return connectWith(transport, options);
}

/** A legacy HTTP+SSE (2024-11-05) transport, unstarted: the headers go on both the GET stream and the POSTs. */
export function sseTransport(url: string | URL, options: TestClientOptions = {}): SSEClientTransport {
  const headers = requestHeaders(options);
  return new SSEClientTransport(new URL(url), {
    requestInit: { headers },
    eventSourceInit: {
      fetch: (input, init) =>
        fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), ...headers } }),
    },
  });
}

/** Legacy HTTP+SSE (2024-11-05). */
export function connectSse(
  url: string | URL,
  options: TestClientOptions = {},
): Promise<ConnectedClient<SSEClientTransport>> {
  return connectWith(sseTransport(url, options), options);
}

/** Spawns the command; its stderr is piped (readable via `transport.stderr`) so test output stays clean. */
export function connectStdio(
  command: StdioCommand,
  options: TestClientOptions = {},
): Promise<ConnectedClient<StdioClientTransport>> {
  const transport = new StdioClientTransport({
    command: command.command,
    args: command.args ?? [],
    env: { ...getDefaultEnvironment(), ...command.env },
    cwd: command.cwd,
    stderr: "pipe",
  });
  return connectWith(transport, options);
}

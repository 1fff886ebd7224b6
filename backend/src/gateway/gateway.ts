import { Agent, createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { GatewayAgents } from "@mcp-hub/contracts";
import type { AgentDirectory } from "../agents/index.js";
import type { AuditLog } from "../audit/index.js";
import type { ServerConfig, Settings } from "../config/index.js";
import {
  AgentNotFound,
  DownstreamUnavailable,
  errorMessage,
  HubError,
  READ_ONLY_HINT,
} from "../errors/index.js";
import type { Fleet } from "../hub/index.js";
import type { Logger } from "../log/index.js";
import type { HubMetrics } from "../metrics/index.js";
import type { Guard } from "../transport/index.js";
import { toGatewayCard } from "./gatewayCard.js";
import { forward, type Forwarded } from "./proxy.js";
import { readCall } from "./request.js";
import { RPC, rpcError, sendJson, type RpcCall } from "./rpc.js";

export interface GatewayOptions {
  directory: AgentDirectory;
  fleet: Fleet;
  /** The configured agents (servers of the a2a module), enabled or not. */
  agents: () => ServerConfig[];
  settings: () => Settings;
  guard: Guard;
  audit: AuditLog;
  metrics: HubMetrics;
  log: Logger;
}

const AGENT_ROUTE = /^\/agents\/([a-z0-9-]{1,32})(\/\.well-known\/agent-card\.json)?\/?$/;
const CARD_ROUTE_SUFFIX = "/.well-known/agent-card.json";

type Outcome = Forwarded["outcome"] | "denied";

/**
 * The A2A gateway (ADR 0041): the hub's agents for other agents, on a port of its own. `GET /agents` lists them,
 * `GET /agents/<name>/.well-known/agent-card.json` serves each card pointing at the gateway, and `POST
 * /agents/<name>` forwards A2A's JSON-RPC methods to the agent — behind the hub's token and Host/Origin checks, with
 * the agent's timeout and circuit breaker, each call audited and measured as on /mcp. Read-only mode refuses the
 * methods that change things, as /mcp refuses the tools that may.
 */
export function createGateway(options: GatewayOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const pool = { http: new Agent({ keepAlive: true }) };
  const { guard, log } = options;
  const isAgent = (name: string) => options.agents().find((config) => config.name === name);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const refusal = guard.refusalFor(req);
    if (refusal)
      return sendJson(
        res,
        refusal.status,
        rpcError(null, RPC.refused, refusal.message, refusal.status === 401 ? "unauthorized" : "forbidden"),
        refusal.status === 401 ? { "www-authenticate": 'Bearer realm="mcp-hub"' } : {},
      );
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    if (path === "/agents" || path === "/agents/")
      return req.method === "GET" ? list(req, res) : notAllowed(res, "GET");
    const match = AGENT_ROUTE.exec(path);
    if (!match)
      return sendJson(res, 404, { error: "not_found", message: `no route ${path}; see GET /agents` });
    const name = match[1] as string;
    const config = isAgent(name);
    if (!config) {
      const error = new AgentNotFound(
        name,
        options.agents().map((a) => a.name),
      );
      return sendJson(res, 404, rpcError(null, RPC.refused, error.message, error.code));
    }
    if (match[2]) return req.method === "GET" ? card(req, res, name) : notAllowed(res, "GET");
    if (req.method !== "POST") return notAllowed(res, "POST");
    await call(req, res, config);
  }

  function list(req: IncomingMessage, res: ServerResponse): void {
    const answer: GatewayAgents = {
      agents: options.agents().map((config) => {
        const record = options.directory.get(config.name);
        const url = endpointUrl(req, config.name);
        return {
          name: config.name,
          description: record?.view.description ?? config.description ?? "",
          state: options.fleet.find(config.name)?.status().state ?? "stopped",
          card: `${url}${CARD_ROUTE_SUFFIX}`,
          url,
          skills: record?.view.skills ?? [],
        };
      }),
    };
    sendJson(res, 200, answer);
  }

  function card(req: IncomingMessage, res: ServerResponse, name: string): void {
    const record = options.directory.get(name);
    if (!record)
      return sendJson(res, 503, { error: "downstream_unavailable", message: unavailable(name).message });
    const version = req.headers["a2a-version"];
    sendJson(
      res,
      200,
      toGatewayCard(record, endpointUrl(req, name), Array.isArray(version) ? version[0] : version),
      {
        vary: "A2A-Version",
      },
    );
  }

  /** Why an agent cannot take calls now: not running, its breaker open, or no JSON-RPC interface. */
  function unavailable(name: string): HubError {
    const server = options.fleet.find(name);
    if (!server) return new DownstreamUnavailable(name, "it is disabled");
    try {
      server.client();
    } catch (error) {
      if (error instanceof HubError) return error;
    }
    return new DownstreamUnavailable(
      name,
      options.directory.get(name)?.view.gateway.reason ?? "it is starting",
    );
  }

  async function call(req: IncomingMessage, res: ServerResponse, config: ServerConfig): Promise<void> {
    const started = performance.now();
    const name = config.name;
    const read = await readCall(req);
    if ("refusal" in read) {
      sendJson(res, read.refusal.status, read.refusal.error, read.refusal.headers);
      return record(req, config, undefined, read.refusal.outcome, read.refusal.reason, started);
    }
    const { call: parsed, body } = read;
    const finish = (outcome: Outcome, error?: string) => record(req, config, parsed, outcome, error, started);
    if (parsed.changes && options.settings().readOnly) {
      const message = `${parsed.method} may change things (it gives agent "${name}" work or cancels it) and the hub is in read-only mode, which lets the gateway forward only reads (get, list, subscribe, extended card); ${READ_ONLY_HINT} to call it`;
      sendJson(res, 200, rpcError(parsed.id, RPC.refused, message, "read_only"));
      return finish("denied", message);
    }
    const endpoint = options.directory.get(name)?.endpoint;
    const server = options.fleet.find(name);
    let ready = Boolean(server && endpoint);
    try {
      server?.client(); // throws the precise reason when the agent is not ready or its breaker is open
    } catch {
      ready = false;
    }
    if (!ready || !server || !endpoint) {
      const error = unavailable(name);
      sendJson(res, 503, rpcError(parsed.id, RPC.internalError, error.message, error.code));
      return finish("error", error.message);
    }
    const target = endpoint.urls[parsed.version];
    if (!target) {
      const message = `agent "${name}" does not speak A2A ${parsed.version} (it speaks ${Object.keys(endpoint.urls).join(", ")}): use that version's method names`;
      sendJson(res, 200, rpcError(parsed.id, RPC.versionNotSupported, message));
      return finish("error", message);
    }
    const forwarded = await forward(
      {
        agent: name,
        target: new URL(target),
        headers: { ...a2aHeaders(req, parsed), ...endpoint.headers },
        body,
        call: parsed,
        timeoutMs: config.callTimeoutMs ?? options.settings().callTimeoutMs,
        pool,
      },
      res,
    );
    if (forwarded.agentFailed) server.recordOutcome(false);
    else if (forwarded.outcome !== "cancelled") server.recordOutcome(true);
    finish(forwarded.outcome, forwarded.error);
  }

  function record(
    req: IncomingMessage,
    config: ServerConfig,
    call: RpcCall | undefined,
    outcome: Outcome,
    error: string | undefined,
    started: number,
  ): void {
    const latencyMs = performance.now() - started;
    const method = call?.method ?? "(invalid)";
    options.metrics.recordCall({ server: config.name, tool: method, outcome, latencyMs });
    if (config.audit === false) return;
    const client = req.headers["x-mcp-hub-client"];
    options.audit.record({
      client: typeof client === "string" ? client : "a2a",
      transport: "a2a",
      server: config.name,
      method,
      args: call?.params,
      outcome,
      error,
      latencyMs,
    });
  }

  return (req, res) =>
    void handle(req, res).catch((error: unknown) => {
      log.error({ err: error }, "A2A gateway request failed");
      if (!res.headersSent)
        sendJson(res, 500, rpcError(null, RPC.internalError, `Internal error: ${errorMessage(error)}`));
      else res.destroy();
    });
}

/** The agent's endpoint on the gateway, as the caller named the gateway (its Host passed the guard). */
function endpointUrl(req: IncomingMessage, name: string): string {
  return `http://${req.headers.host ?? "127.0.0.1"}/agents/${name}`;
}

/** What the agent needs to know of the caller's request: the version and extensions it speaks, never its token. */
function a2aHeaders(req: IncomingMessage, call: RpcCall): Record<string, string> {
  const headers: Record<string, string> = {
    "content-type": "application/json",
    accept: call.streams ? "text/event-stream, application/json" : "application/json",
  };
  for (const name of ["a2a-version", "a2a-extensions", "x-a2a-extensions"]) {
    const value = req.headers[name];
    if (typeof value === "string") headers[name] = value;
  }
  return headers;
}

function notAllowed(res: ServerResponse, allowed: string): void {
  sendJson(res, 405, { error: "method_not_allowed", message: `use ${allowed}` }, { allow: allowed });
}

/** Listens for the gateway; close() also ends open streams (a closing hub does not wait for them). */
export async function startGateway(
  options: GatewayOptions & { host: string; port: number },
): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer(createGateway(options));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(":") ? `[${options.host}]` : options.host;
  return {
    url: `http://${host}:${port}`,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}

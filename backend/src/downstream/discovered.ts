import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { DownstreamUnavailable } from "../errors/index.js";
import { LABELS } from "../runtime/index.js";
import { attachSession, connectHttp, execSession, type Connection, type Connector } from "./connection.js";
import { LogRing } from "./logRing.js";
import { createSupervisedServer, SUPERVISION_DEFAULTS } from "./supervisor.js";
import type { DiscoveredDownstreamOptions, DownstreamServer } from "./types.js";

/** Labels a discovered http server uses to say where its MCP endpoint is. */
export const DISCOVERY_LABELS = { port: "mcp.port", path: "mcp.path" } as const;

/**
 * A container labelled mcp.server that the hub did not create. The hub only connects to it: a crash is waited
 * out (its own restart policy may bring it back) and it is never replaced or removed.
 */
export function createDiscoveredDownstream(options: DiscoveredDownstreamOptions): DownstreamServer {
  const supervision = { ...SUPERVISION_DEFAULTS, ...options.supervision };
  const { workload, runtime } = options;
  const name = workload.server;
  const ring = new LogRing();
  const transport = workload.labels[LABELS.transport] === "http" ? "http" : "stdio";
  const connectTimeoutMs = supervision.connectTimeoutMs;

  async function endpoint(): Promise<URL> {
    const current = await runtime.inspect(workload.id);
    const port = Number(workload.labels[DISCOVERY_LABELS.port]);
    if (!current?.address) throw new DownstreamUnavailable(name, "the container has no IP address");
    if (!Number.isInteger(port) || port <= 0)
      throw new DownstreamUnavailable(name, `label ${DISCOVERY_LABELS.port} is missing`);
    return new URL(`http://${current.address}:${port}${workload.labels[DISCOVERY_LABELS.path] ?? "/mcp"}`);
  }

  const connector: Connector = {
    kind: "discovered",
    transport,
    async connect(createClient: () => Client): Promise<Connection> {
      const current = await runtime.inspect(workload.id);
      if (current?.state !== "running") throw new DownstreamUnavailable(name, "the container is not running");
      if (transport === "stdio") {
        return attachSession({ runtime, containerId: workload.id, ring, createClient, connectTimeoutMs });
      }
      const connection = await connectHttp({ url: await endpoint(), createClient, connectTimeoutMs });
      return { ...connection, containerId: workload.id, exited: runtime.waitExit(workload.id) };
    },
    async openSession(_connection, createClient) {
      if (transport === "stdio")
        return execSession({ runtime, containerId: workload.id, ring, createClient, connectTimeoutMs });
      return connectHttp({ url: await endpoint(), createClient, connectTimeoutMs });
    },
  };

  return createSupervisedServer({
    name,
    connector,
    ring,
    createClient: options.createClient,
    onReady: options.onReady,
    onStatus: options.onStatus,
    log: options.log,
    supervision,
  });
}

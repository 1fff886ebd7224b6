import { imageConnector, remoteConnector } from "./connectors.js";
import { LogRing } from "./logRing.js";
import { createSupervisedServer, SUPERVISION_DEFAULTS } from "./supervisor.js";
import type { DownstreamOptions, DownstreamServer } from "./types.js";

/** One supervised MCP connection to a configured server (image or remote). */
export function createDownstream(options: DownstreamOptions): DownstreamServer {
  const supervision = { ...SUPERVISION_DEFAULTS, ...options.supervision };
  const ring = new LogRing();
  const { config } = options;
  const common = { ring, connectTimeoutMs: supervision.connectTimeoutMs, secrets: options.secrets };
  const connector =
    config.kind === "image"
      ? imageConnector({ ...common, config, runtime: options.runtime, labels: options.labels })
      : remoteConnector({ ...common, config });
  return createSupervisedServer({
    name: config.name,
    connector,
    ring,
    createClient: options.createClient,
    onReady: options.onReady,
    onStatus: options.onStatus,
    log: options.log,
    supervision,
  });
}

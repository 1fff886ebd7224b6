import { builtinConnector, imageConnector, remoteConnector } from "./connectors.js";
import { DownstreamUnavailable } from "../errors/index.js";
import { LogRing } from "./logRing.js";
import { createSupervisedServer, SUPERVISION_DEFAULTS } from "./supervisor.js";
import type { DownstreamOptions, DownstreamServer } from "./types.js";

/** One supervised MCP connection to a configured server (image, remote or built-in). */
export function createDownstream(options: DownstreamOptions): DownstreamServer {
  const supervision = { ...SUPERVISION_DEFAULTS, ...options.supervision };
  const ring = new LogRing();
  const { config } = options;
  const common = { ring, connectTimeoutMs: supervision.connectTimeoutMs, secrets: options.secrets };
  const connector =
    config.kind === "image"
      ? imageConnector({ ...common, config, runtime: options.runtime, labels: options.labels })
      : config.kind === "remote"
        ? remoteConnector({ ...common, config, authProvider: options.authProvider })
        : builtinConnector({ ...common, config, runtime: options.runtime, host: builtinHost(options) });
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

function builtinHost(options: DownstreamOptions) {
  if (!options.builtin)
    throw new DownstreamUnavailable(options.config.name, "the hub was given no way to host this built-in");
  return options.builtin;
}

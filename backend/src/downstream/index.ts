export { createDownstream } from "./downstream.js";
export { createDiscoveredDownstream, DISCOVERY_LABELS } from "./discovered.js";
export { ContainerStdioTransport } from "./containerStdioTransport.js";
export { relayOf } from "./orderedTransport.js";
export { LogRing, LOG_RING_MAX_BYTES, LOG_RING_MAX_LINES } from "./logRing.js";
export { Breaker, type BreakerOptions, type BreakerState } from "./breaker.js";
export { SUPERVISION_DEFAULTS } from "./supervisor.js";
export { toWorkloadSpec } from "./connectors.js";
export { attachSession, type Connection } from "./connection.js";
export type {
  BuiltinHost,
  BuiltinSession,
  DiscoveredDownstreamOptions,
  DownstreamOptions,
  DownstreamServer,
  DownstreamSession,
  ServerState,
  ServerStatus,
  SupervisionOptions,
} from "./types.js";

export { Hub, type HubOptions } from "./hub.js";
export { RpcError, toMcpError } from "./rpcError.js";
export { Fleet, type EngineCheck, type FleetOptions } from "./fleet.js";
export { ClientSession, type UpstreamTransport } from "./session.js";
export {
  aggregatedScope,
  singleServerScope,
  toNamespaced,
  parseNamespaced,
  type NameScope,
} from "./naming.js";
export {
  createHubControl,
  type HubControl,
  type HubCounts,
  type HubListener,
  type ServerView,
  type ToolView,
} from "./control.js";
export type { TryItOutcome, TryToolCall } from "./tryIt.js";

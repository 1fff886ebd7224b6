export { Hub, type HubOptions } from "./hub.js";
export { Sessions } from "./sessions.js";
export { Fleet, type EngineCheck, type FleetOptions } from "./fleet.js";
export { RpcError, toMcpError } from "./rpcError.js";
export { ClientSession, type UpstreamTransport } from "./session.js";
export type { CallContext } from "./callPipeline.js";
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
// The seam built-in modules use (backend/src/builtin/<module>/): the contract, and the one confirmation.
export {
  defineBuiltin,
  type AnyBuiltinModule,
  type BuiltinContext,
  type BuiltinInstance,
  type BuiltinModule,
  type BuiltinSeed,
  type ContainerRequest,
  type ContainerSeam,
  type ServerContainer,
  type SessionServer,
} from "./builtinModule.js";
export { confirm, refusal, type Confirmation, type ConfirmRequest } from "./confirmation.js";

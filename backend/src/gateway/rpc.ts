import type { ServerResponse } from "node:http";
import type { A2AVersion } from "../agents/index.js";
import { isObject } from "../jsonrpc/index.js";

export type RpcId = string | number | null;

/** JSON-RPC's codes and A2A's own (A2A 1.0 §9.5), as the gateway answers them itself. */
export const RPC = {
  parseError: -32700,
  invalidRequest: -32600,
  methodNotFound: -32601,
  internalError: -32603,
  /** JSON-RPC's range for server errors: the hub's refusals (token, Host, unknown agent, read-only mode). */
  refused: -32000,
  unsupportedOperation: -32004,
  contentTypeNotSupported: -32005,
  versionNotSupported: -32009,
} as const;

/** A JSON-RPC error response; `data.code` is the hub's stable code, as on /mcp. */
export function rpcError(id: RpcId, code: number, message: string, hubCode?: string) {
  return { jsonrpc: "2.0", id, error: { code, message, ...(hubCode ? { data: { code: hubCode } } : {}) } };
}

export function sendJson(
  res: ServerResponse,
  status: number,
  value: unknown,
  headers: Record<string, string> = {},
) {
  const body = JSON.stringify(value);
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(body),
    ...headers,
  });
  res.end(body);
}

/**
 * What the gateway does with a method: forward it (streamed or not, for the A2A version it belongs to) or refuse it.
 * `changes`: it gives the agent work or stops it, so read-only mode refuses it (as /mcp refuses send_message and
 * cancel_task); reads of tasks and cards do not.
 */
type MethodRule = { version: A2AVersion; streams: boolean; changes: boolean } | { refused: string };

const NO_PUSH =
  "push notifications are not proxied: the agent would call a URL of the caller's choosing from inside the hub's networks";

/** A2A's JSON-RPC methods, 1.0 (PascalCase) and 0.3 (namespace/verb). */
const METHODS: Record<string, MethodRule> = {
  SendMessage: { version: "1.0", streams: false, changes: true },
  SendStreamingMessage: { version: "1.0", streams: true, changes: true },
  GetTask: { version: "1.0", streams: false, changes: false },
  ListTasks: { version: "1.0", streams: false, changes: false },
  CancelTask: { version: "1.0", streams: false, changes: true },
  SubscribeToTask: { version: "1.0", streams: true, changes: false },
  GetExtendedAgentCard: { version: "1.0", streams: false, changes: false },
  CreateTaskPushNotificationConfig: { refused: NO_PUSH },
  GetTaskPushNotificationConfig: { refused: NO_PUSH },
  ListTaskPushNotificationConfigs: { refused: NO_PUSH },
  DeleteTaskPushNotificationConfig: { refused: NO_PUSH },
  "message/send": { version: "0.3", streams: false, changes: true },
  "message/stream": { version: "0.3", streams: true, changes: true },
  "tasks/get": { version: "0.3", streams: false, changes: false },
  "tasks/cancel": { version: "0.3", streams: false, changes: true },
  "tasks/resubscribe": { version: "0.3", streams: true, changes: false },
  "agent/getAuthenticatedExtendedCard": { version: "0.3", streams: false, changes: false },
  "tasks/pushNotificationConfig/set": { refused: NO_PUSH },
  "tasks/pushNotificationConfig/get": { refused: NO_PUSH },
  "tasks/pushNotificationConfig/list": { refused: NO_PUSH },
  "tasks/pushNotificationConfig/delete": { refused: NO_PUSH },
};

const FORWARDED = Object.entries(METHODS)
  .filter(([, rule]) => !("refused" in rule))
  .map(([name]) => name);

/** A request the gateway forwards as it came. */
export interface RpcCall {
  id: RpcId;
  method: string;
  params: unknown;
  version: A2AVersion;
  streams: boolean;
  changes: boolean;
}

/** A JSON-RPC request checked against A2A's methods: the call to forward, or the error to answer (HTTP status too). */
export function toRpcCall(
  body: unknown,
): { call: RpcCall } | { status: number; error: ReturnType<typeof rpcError> } {
  if (!isObject(body))
    return {
      status: 400,
      error: rpcError(null, RPC.invalidRequest, "Invalid Request: not a JSON-RPC request object"),
    };
  const id = typeof body.id === "string" || typeof body.id === "number" ? body.id : null;
  if (body.jsonrpc !== "2.0" || typeof body.method !== "string" || id === null)
    return {
      status: 400,
      error: rpcError(
        id,
        RPC.invalidRequest,
        'Invalid Request: A2A needs "jsonrpc": "2.0", a method and an id',
      ),
    };
  if (body.params !== undefined && !isObject(body.params))
    return {
      status: 400,
      error: rpcError(id, RPC.invalidRequest, "Invalid Request: params must be an object"),
    };
  const rule = Object.hasOwn(METHODS, body.method) ? METHODS[body.method] : undefined;
  if (!rule)
    return {
      status: 200,
      error: rpcError(
        id,
        RPC.methodNotFound,
        `Method not found: ${body.method.slice(0, 100)}; the gateway forwards ${FORWARDED.join(", ")}`,
      ),
    };
  if ("refused" in rule)
    return { status: 200, error: rpcError(id, RPC.unsupportedOperation, `${body.method}: ${rule.refused}`) };
  return { call: { id, method: body.method, params: body.params, ...rule } };
}

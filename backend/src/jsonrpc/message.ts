import type { JSONRPCMessage, RELATED_TASK_META_KEY } from "@modelcontextprotocol/sdk/types.js";

/**
 * The envelope check of JSONRPCMessageSchema (jsonrpc "2.0", id, method, params/result/error and their `_meta`, no
 * other keys) without zod: every relayed message passes through it twice, and the SDK validates each method's
 * params and results against their own schemas afterwards anyway.
 */
export function isJsonRpcMessage(value: unknown): value is JSONRPCMessage {
  if (!isObject(value) || value.jsonrpc !== "2.0") return false;
  if ("method" in value) {
    if (typeof value.method !== "string") return false;
    if (value.params !== undefined && !(isObject(value.params) && isMeta(value.params._meta))) return false;
    return "id" in value ? isRequestId(value.id) && onlyKeys(value, REQUEST) : onlyKeys(value, NOTIFICATION);
  }
  if ("result" in value)
    return (
      isRequestId(value.id) && isObject(value.result) && isMeta(value.result._meta) && onlyKeys(value, RESULT)
    );
  if ("error" in value)
    return (
      (value.id === undefined || isRequestId(value.id)) &&
      isObject(value.error) &&
      Number.isSafeInteger(value.error.code) &&
      typeof value.error.message === "string" &&
      onlyKeys(value, ERROR)
    );
  return false;
}

/** Parses one line (stdio framing) into a message; throws a readable error for anything else. */
export function parseJsonRpcLine(line: string): JSONRPCMessage {
  const value: unknown = JSON.parse(line);
  if (!isJsonRpcMessage(value)) throw new Error(`not a JSON-RPC 2.0 message: ${line.slice(0, 200)}`);
  return value;
}

/** The SDK's RELATED_TASK_META_KEY, spelled out (tsc checks it) so that this module loads none of the SDK. */
const RELATED_TASK: typeof RELATED_TASK_META_KEY = "io.modelcontextprotocol/related-task";

const REQUEST = new Set(["jsonrpc", "id", "method", "params"]);
const NOTIFICATION = new Set(["jsonrpc", "method", "params"]);
const RESULT = new Set(["jsonrpc", "id", "result"]);
const ERROR = new Set(["jsonrpc", "id", "error"]);

/** A JSON object: not null, not an array. */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A request id or progress token: a string or an integer zod calls one (a safe integer). */
function isRequestId(id: unknown): boolean {
  return typeof id === "string" || Number.isSafeInteger(id);
}

/**
 * The `_meta` of params or a result, as the SDK's RequestMetaSchema takes it: absent, or an object whose progress
 * token and related task are well-formed. The SDK's Protocol drops a message it refuses without a word, so one let
 * through here would never be answered.
 */
function isMeta(meta: unknown): boolean {
  if (meta === undefined) return true;
  if (!isObject(meta)) return false;
  if (meta.progressToken !== undefined && !isRequestId(meta.progressToken)) return false;
  const task = meta[RELATED_TASK];
  return task === undefined || (isObject(task) && typeof task.taskId === "string");
}

function onlyKeys(value: Record<string, unknown>, allowed: Set<string>): boolean {
  for (const key in value) if (!allowed.has(key)) return false;
  return true;
}

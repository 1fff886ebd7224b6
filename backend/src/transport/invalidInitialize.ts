import { InitializeRequestParamsSchema } from "@modelcontextprotocol/sdk/types.js";
import { isObject } from "../jsonrpc/index.js";
import { META } from "./classify.js";
import { jsonRpcError } from "./jsonBody.js";

/**
 * The -32602 (invalid params) answer to an `initialize` whose params the SDK Server would reject, with a one-line
 * reason; undefined for anything else. Left to the SDK, such a request gets -32603 with zod's issue list as text.
 */
export function invalidInitialize(message: unknown): ReturnType<typeof jsonRpcError> | undefined {
  if (!isObject(message) || message.method !== "initialize") return undefined;
  const problem = paramsProblem(message.params);
  if (!problem) return undefined;
  const id = typeof message.id === "string" || typeof message.id === "number" ? message.id : null;
  return jsonRpcError(-32602, `initialize: ${problem}`, { id });
}

function paramsProblem(params: unknown): string | undefined {
  if (params !== undefined && !isObject(params)) return "params must be an object";
  const parsed = InitializeRequestParamsSchema.safeParse(params ?? {});
  if (parsed.success) return undefined;
  const issue = parsed.error.issues[0]!;
  const field = ["params", ...issue.path.map(String)].join(".");
  let given: unknown = params;
  for (const key of issue.path) given = isObject(given) ? given[String(key)] : undefined;
  if (given !== undefined) return `${field}: ${issue.message}`;
  const modern = isObject(params) && isObject(params._meta) && META.protocolVersion in params._meta;
  return modern
    ? `${field} is required (2026-07-28 requests need no initialize: send them with their _meta envelope alone)`
    : `${field} is required`;
}

import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";

/** Results marked with keepText, and their JSON once it was first needed. */
const texts = new WeakMap<object, string | undefined>();

/**
 * Marks a result that is sent unchanged many times (an aggregated list, the same for every client of a scope until
 * the catalog changes), and freezes it: its JSON is then built once instead of on every answer. A tools/list over
 * 300 tools is ~60 KB of JSON, and stringifying it was the largest part of the hub's work on each such request.
 */
export function keepText<T extends object>(result: T): T {
  texts.set(Object.freeze(result), undefined);
  return result;
}

/** The JSON text of an outgoing message, reusing the text of a result marked with keepText. */
export function messageText(message: JSONRPCMessage): string {
  if (!("result" in message) || !texts.has(message.result)) return JSON.stringify(message);
  let text = texts.get(message.result);
  if (text === undefined) texts.set(message.result, (text = JSON.stringify(message.result)));
  return `{"result":${text},"jsonrpc":"2.0","id":${JSON.stringify(message.id)}}`;
}

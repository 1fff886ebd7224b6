import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import {
  CreateMessageRequestSchema,
  CreateMessageResultSchema,
  ElicitRequestSchema,
  ElicitResultSchema,
  ErrorCode,
  ListRootsRequestSchema,
  ListRootsResultSchema,
  LoggingMessageNotificationSchema,
  PromptListChangedNotificationSchema,
  ResourceListChangedNotificationSchema,
  ResourceUpdatedNotificationSchema,
  ToolListChangedNotificationSchema,
  type ClientCapabilities,
  type RequestId,
} from "@modelcontextprotocol/sdk/types.js";
import type { Server } from "@modelcontextprotocol/sdk/server/index.js";
import type { ListKind } from "@mcp-hub/contracts";

/** The client session that answers a relayed server→client request. */
export type RequestTarget = Server;

export interface RelaySinks {
  /** Finds who answers a server→client request; throws an McpError when nobody can. */
  ownerFor(method: string): { target: RequestTarget; relatedRequestId?: RequestId };
  logMessage(params: { level: string; logger?: string; data?: unknown }): void;
  listChanged(kind: ListKind): void;
  resourceUpdated(uri: string): void;
}

/**
 * What the hub declares downstream: everything it can relay, so servers that register tools conditionally on
 * client capabilities (server-everything does) show them all.
 */
export const DOWNSTREAM_CAPABILITIES: ClientCapabilities = {
  sampling: {},
  elicitation: { form: {}, url: {} },
  roots: { listChanged: true },
};

/**
 * Installs the relay on a downstream client: once per client, fanned out by the sinks (mcp-proxy's lesson).
 * Server→client requests are relayed only for what the client declares (the SDK refuses a handler for the rest).
 */
export function installRelay(
  client: Client,
  sinks: RelaySinks,
  declared: ClientCapabilities = DOWNSTREAM_CAPABILITIES,
): void {
  // relatedRequestId keeps the request on the stream of the client call that caused it.
  if (declared.sampling)
    client.setRequestHandler(CreateMessageRequestSchema, (request, extra) => {
      const { target, relatedRequestId } = sinks.ownerFor(request.method);
      return target.request(request, CreateMessageResultSchema, { signal: extra.signal, relatedRequestId });
    });
  if (declared.elicitation)
    client.setRequestHandler(ElicitRequestSchema, (request, extra) => {
      const { target, relatedRequestId } = sinks.ownerFor(request.method);
      return target.request(request, ElicitResultSchema, { signal: extra.signal, relatedRequestId });
    });
  if (declared.roots)
    client.setRequestHandler(ListRootsRequestSchema, (request, extra) => {
      const { target, relatedRequestId } = sinks.ownerFor(request.method);
      return target.request(request, ListRootsResultSchema, { signal: extra.signal, relatedRequestId });
    });
  client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => sinks.logMessage(n.params));
  client.setNotificationHandler(ToolListChangedNotificationSchema, () => sinks.listChanged("tools"));
  client.setNotificationHandler(PromptListChangedNotificationSchema, () => sinks.listChanged("prompts"));
  client.setNotificationHandler(ResourceListChangedNotificationSchema, () => sinks.listChanged("resources"));
  client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) =>
    sinks.resourceUpdated(n.params.uri),
  );
}

export function noOwner(method: string, reason: string): Error {
  return Object.assign(new Error(`MCP Hub cannot relay ${method}: ${reason}`), {
    code: ErrorCode.InvalidRequest,
  });
}

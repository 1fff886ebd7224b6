import { ErrorCode, McpError } from "@modelcontextprotocol/sdk/types.js";
import { errorMessage, HubError } from "../errors/index.js";

export function isTimeout(error: unknown): boolean {
  return error instanceof McpError && error.code === ErrorCode.RequestTimeout;
}

export function isConnectionLoss(error: unknown): boolean {
  return error instanceof McpError && error.code === ErrorCode.ConnectionClosed;
}

/**
 * A JSON-RPC error as the SDK serializes it (code, message, data). Unlike McpError it does not prefix its message
 * with "MCP error N:", so a relayed error does not arrive at the client with the prefix twice.
 */
export class RpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly data?: unknown,
  ) {
    super(message);
  }
}

const SDK_PREFIX = /^MCP error -?\d+: /;

/** HubErrors become JSON-RPC errors with their stable code in data; downstream errors keep code and data. */
export function toMcpError(error: unknown): RpcError {
  if (error instanceof RpcError) return error;
  if (error instanceof McpError)
    return new RpcError(error.code, error.message.replace(SDK_PREFIX, ""), error.data);
  if (error instanceof HubError)
    return new RpcError(ErrorCode.InternalError, error.message, { code: error.code });
  return new RpcError(ErrorCode.InternalError, errorMessage(error));
}

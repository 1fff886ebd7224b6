import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import {
  CallToolResultSchema,
  ErrorCode,
  McpError,
  type CallToolResult,
  type Progress,
} from "@modelcontextprotocol/sdk/types.js";
import { errorMessage } from "../errors/index.js";
import type { TryItOutcome } from "@mcp-hub/contracts";
import type { Hub } from "./hub.js";
import { singleServerScope } from "./naming.js";

export type { TryItOutcome } from "@mcp-hub/contracts";

/** Client-side ceiling only: the hub applies the configured per-call timeout (reset by progress) downstream. */
const CLIENT_TIMEOUT_MS = 3_600_000;

export interface TryToolCall {
  server: string;
  tool: string;
  args: Record<string, unknown>;
  signal: AbortSignal;
  onProgress?: (progress: Progress) => void;
}

/**
 * The dashboard's "try it": one call through an in-process MCP session scoped to the server, with client name
 * "dashboard", so timeouts, the breaker and the audit log apply as to any client. The session ends with the call.
 */
export async function tryTool(hub: Hub, call: TryToolCall): Promise<TryItOutcome> {
  const started = performance.now();
  const progress: Progress[] = [];
  const session = hub.createSession({
    scope: singleServerScope(call.server),
    transport: "dashboard",
    client: "dashboard",
  });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  const client = new Client({ name: "mcp-hub-dashboard", version: hub.version });
  try {
    await session.server.connect(serverSide);
    await client.connect(clientSide);
    const result = await client.callTool({ name: call.tool, arguments: call.args }, CallToolResultSchema, {
      signal: call.signal,
      timeout: CLIENT_TIMEOUT_MS,
      resetTimeoutOnProgress: true,
      onprogress: (p) => {
        progress.push(p);
        call.onProgress?.(p);
      },
    });
    return { outcome: "ok", result: result as CallToolResult, progress, latencyMs: since(started) };
  } catch (error) {
    const code = error instanceof McpError ? error.code : ErrorCode.InternalError;
    const message = errorMessage(error);
    const outcome = call.signal.aborted ? "cancelled" : isTimeout(error) ? "timeout" : "error";
    return { outcome, error: { code, message }, progress, latencyMs: since(started) };
  } finally {
    await client.close().catch(() => undefined);
    await session.close();
  }
}

function isTimeout(error: unknown): boolean {
  return (
    error instanceof McpError &&
    (error.code === ErrorCode.RequestTimeout ||
      (error.data as { code?: string } | undefined)?.code === "call_timeout")
  );
}

function since(started: number): number {
  return Math.round(performance.now() - started);
}

import type { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { ElicitResultSchema, type CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { errorMessage } from "../errors/index.js";

export interface ConfirmRequest {
  /** What will happen, as a sentence the user can judge: "Delete tag mcp/memory:1.0 and mcp/memory:latest". */
  action: string;
  /** The call's own `confirm` argument. */
  confirmed?: boolean;
  /** The hub's read-only mode (BuiltinContext.readOnly()), or a stand-alone server's read-only mode. */
  readOnly: boolean;
  signal?: AbortSignal;
}

export type Confirmation =
  { confirmed: true; via: "argument" | "elicitation" } | { confirmed: false; reason: string };

/**
 * The one confirmation of destructive built-in calls. Refused in read-only mode; granted by an explicit
 * `confirm: true` argument; else the calling client is asked, when it supports elicitation; else refused, saying
 * how to confirm. `server` is the module's MCP server for this session (McpServer's `.server`): the client
 * capabilities it sees are the calling client's own (ADR 0007).
 */
export async function confirm(server: Server, request: ConfirmRequest): Promise<Confirmation> {
  if (request.readOnly)
    return {
      confirmed: false,
      reason: `Refused: the hub is in read-only mode, so "${request.action}" is not allowed. Turn read-only mode off in Settings first.`,
    };
  if (request.confirmed === true) return { confirmed: true, via: "argument" };
  if (!asksForms(server))
    return {
      confirmed: false,
      reason: `Not done: "${request.action}" needs confirmation. Call the tool again with "confirm": true once the user has agreed.`,
    };
  try {
    const answer = await server.request(
      {
        method: "elicitation/create",
        params: {
          message: `${request.action}. This cannot be undone. Go ahead?`,
          requestedSchema: {
            type: "object",
            properties: { confirm: { type: "boolean", title: "Confirm", description: request.action } },
            required: ["confirm"],
          },
        },
      },
      ElicitResultSchema,
      { signal: request.signal },
    );
    if (answer.action === "accept" && answer.content?.confirm === true)
      return { confirmed: true, via: "elicitation" };
    return { confirmed: false, reason: `Not done: the user did not confirm "${request.action}".` };
  } catch (error) {
    return {
      confirmed: false,
      reason: `Not done: could not ask for confirmation of "${request.action}" (${errorMessage(error)}). Call the tool again with "confirm": true once the user has agreed.`,
    };
  }
}

/** A refusal as a tool result: the model reads why and what to do. */
export function refusal(reason: string): CallToolResult {
  return { isError: true, content: [{ type: "text", text: reason }] };
}

/** Form elicitation: declared, or an empty elicitation capability (which meant form before modes existed). */
function asksForms(server: Server): boolean {
  const elicitation = server.getClientCapabilities()?.elicitation;
  return Boolean(elicitation && (elicitation.form || !elicitation.url));
}

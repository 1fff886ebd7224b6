import type { Task } from "@a2a-js/sdk";
import type { Client } from "@a2a-js/sdk/client";
import { A2AError } from "@a2a-js/sdk/errors";
import { McpServer, type RegisteredTool } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { RequestHandlerExtra } from "@modelcontextprotocol/sdk/shared/protocol.js";
import {
  ErrorCode,
  McpError,
  type CallToolResult,
  type ServerNotification,
  type ServerRequest,
} from "@modelcontextprotocol/sdk/types.js";
import type { AgentCardView } from "@mcp-hub/contracts";
import { z } from "zod";
import { failureOf, sendAndFollow, sendInput, type AgentHandle } from "./conversation.js";
import { taskResult } from "./results.js";

type Extra = RequestHandlerExtra<ServerRequest, ServerNotification>;

const DESCRIPTION_MAX_CHARS = 4_000; // a card with hundreds of skills must not flood every client's tool list

/** send_message's description: the agent, its skills with examples, and how its answers come. */
export function describeAgent(view: AgentCardView): string {
  const skills = view.skills.map((skill) => {
    const examples = skill.examples.slice(0, 3).map((e) => JSON.stringify(e));
    return `- ${skill.name}${skill.description ? `: ${skill.description}` : ""}${examples.length ? ` (e.g. ${examples.join(", ")})` : ""}`;
  });
  const text = [
    `Send a message to the A2A agent "${view.name}" and wait for its answer.`,
    view.description,
    skills.length ? `Skills:\n${skills.join("\n")}` : "",
    "Its progress arrives as MCP progress notifications. When it needs more input, call again with the taskId " +
      "and contextId of its answer. Cancelling the call cancels its task.",
  ]
    .filter(Boolean)
    .join("\n\n");
  return text.length > DESCRIPTION_MAX_CHARS ? `${text.slice(0, DESCRIPTION_MAX_CHARS - 1)}…` : text;
}

const taskInput = z.object({ taskId: z.string().min(1).describe("The task's id, from an answer") }).strict();
const getInput = taskInput
  .extend({
    historyLength: z.number().int().min(0).max(100).optional().describe("How many past messages to include"),
  })
  .strict();

/**
 * One MCP server for one downstream session: send_message (skills in its description), get_task and cancel_task.
 * `onSendTool` hands out send_message's registration so a refreshed card can update its description.
 */
export function createAgentServer(agent: AgentHandle, onSendTool: (tool: RegisteredTool) => void): McpServer {
  const { view } = agent.current();
  const mcp = new McpServer(
    { name: agent.name, title: view.name, version: agent.version },
    { instructions: `The A2A agent "${view.name}", reached through MCP Hub. ${view.description}`.trim() },
  );
  onSendTool(
    mcp.registerTool(
      "send_message",
      {
        title: `Ask ${view.name}`,
        description: describeAgent(view),
        inputSchema: sendInput,
        annotations: { readOnlyHint: false, destructiveHint: false, openWorldHint: true },
      },
      (args, extra) => guarded(agent, extra, () => sendAndFollow(agent, args, extra)),
    ),
  );
  mcp.registerTool(
    "get_task",
    {
      title: "Task state",
      description: `The state, status message and artifacts of a task of the A2A agent "${view.name}".`,
      inputSchema: getInput,
      annotations: { readOnlyHint: true, openWorldHint: true },
    },
    (args, extra) =>
      onTask(agent, extra, (client) =>
        client.getTask(
          { tenant: "", id: args.taskId, historyLength: args.historyLength },
          { signal: extra.signal },
        ),
      ),
  );
  mcp.registerTool(
    "cancel_task",
    {
      title: "Cancel a task",
      description: `Asks the A2A agent "${view.name}" to cancel one of its tasks; answers with the task's state.`,
      inputSchema: taskInput,
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    },
    (args, extra) =>
      onTask(agent, extra, (client) =>
        client.cancelTask({ tenant: "", id: args.taskId, metadata: undefined }, { signal: extra.signal }),
      ),
  );
  return mcp;
}

/** A call about one task (get, cancel), answered with the task as the agent tells it. */
function onTask(
  agent: AgentHandle,
  extra: Extra,
  ask: (client: Client) => Promise<Task>,
): Promise<CallToolResult> {
  return guarded(agent, extra, async () => taskResult(agent.name, await ask(agent.current().client)));
}

/**
 * An answer of the agent's (an A2A error included) is the tool's result; not reaching the agent is a connection
 * failure, which the hub counts towards the agent's circuit breaker as it does a dead server's.
 */
async function guarded(
  agent: AgentHandle,
  extra: Extra,
  run: () => Promise<CallToolResult>,
): Promise<CallToolResult> {
  try {
    return await run();
  } catch (error) {
    if (extra.signal.aborted) throw error;
    if (error instanceof A2AError)
      return {
        content: [{ type: "text", text: `The agent answered ${error.name}: ${error.message}` }],
        isError: true,
      };
    agent.log.debug({ err: error }, "agent call failed");
    throw new McpError(ErrorCode.ConnectionClosed, `agent "${agent.name}" failed: ${failureOf(error)}`);
  }
}

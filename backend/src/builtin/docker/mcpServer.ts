import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { RequestHandlerExtra } from "@modelcontextprotocol/sdk/shared/protocol.js";
import type { CallToolResult, ServerNotification, ServerRequest } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import { dockerError, toResult } from "./results.js";
import {
  annotationsOf,
  Refusal,
  ToolFailure,
  type DockerDeps,
  type DockerTool,
  type HubSeam,
  type ToolCall,
} from "./toolKit.js";

type Extra = RequestHandlerExtra<ServerRequest, ServerNotification>;

export interface ServerSetup extends DockerDeps {
  name: string;
  tools: readonly DockerTool[];
  seam: HubSeam;
  /** The hub's read-only mode now (a stand-alone server has none). */
  hubReadOnly(): boolean;
}

/** The tools a mode lists: read-only mode lists only read tools. */
export const toolsFor = (tools: readonly DockerTool[], mode: ServerSetup["options"]["mode"]) =>
  mode === "read-only" ? tools.filter((tool) => tool.kind === "read") : tools;

/**
 * One MCP server for one session. The client capabilities it sees are the calling client's own (ADR 0007), so the
 * seam's confirm() asks only clients that can answer.
 */
export function createDockerServer(setup: ServerSetup): McpServer {
  const mcp = new McpServer(
    { name: setup.name, version: setup.seam.version },
    {
      instructions:
        "Docker tools: manage this machine's containers, images, networks, volumes and compose-style stacks. " +
        "Destructive calls need the user's confirmation; the hub's own containers are protected.",
    },
  );
  for (const tool of toolsFor(setup.tools, setup.options.mode))
    mcp.registerTool(
      tool.name,
      {
        description: tool.description,
        inputSchema: z.object(tool.input).strict(),
        annotations: annotationsOf(tool),
      },
      (args: Record<string, unknown>, extra: Extra) => run(mcp, setup, tool, args, extra),
    );
  return mcp;
}

async function run(
  mcp: McpServer,
  setup: ServerSetup,
  tool: DockerTool,
  args: Record<string, unknown>,
  extra: Extra,
): Promise<CallToolResult> {
  const call = toolCall(mcp, setup, args, extra);
  try {
    return toResult(await tool.run(args, call));
  } catch (error) {
    if (error instanceof Refusal || error instanceof ToolFailure) return setup.seam.refusal(error.message);
    if (extra.signal.aborted)
      return setup.seam.refusal(`Cancelled: ${tool.name} stopped at the caller's request.`);
    setup.log.debug({ err: error, tool: tool.name }, "docker tool failed");
    return dockerError(error);
  }
}

function toolCall(mcp: McpServer, setup: ServerSetup, args: Record<string, unknown>, extra: Extra): ToolCall {
  const token = extra._meta?.progressToken;
  return {
    ...setup,
    signal: extra.signal,
    progress(message, done, total) {
      if (token === undefined) return;
      void extra
        .sendNotification({
          method: "notifications/progress",
          params: { progressToken: token, progress: done ?? 0, ...(total ? { total } : {}), message },
        })
        .catch(() => undefined);
    },
    async confirm(action) {
      const answer = await setup.seam.confirm(mcp.server, {
        action,
        confirmed: args.confirm === true,
        readOnly: setup.hubReadOnly(),
        signal: extra.signal,
      });
      if (!answer.confirmed) throw new Refusal(answer.reason);
    },
  };
}

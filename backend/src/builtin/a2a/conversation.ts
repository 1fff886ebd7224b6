import { randomUUID } from "node:crypto";
import { Role, type Artifact, type Message, type StreamResponse, type Task } from "@a2a-js/sdk";
import type { Client } from "@a2a-js/sdk/client";
import type { RequestHandlerExtra } from "@modelcontextprotocol/sdk/shared/protocol.js";
import type { CallToolResult, ServerNotification, ServerRequest } from "@modelcontextprotocol/sdk/types.js";
import type { AgentCardView } from "@mcp-hub/contracts";
import { z } from "zod";
import { errorMessage } from "../../errors/index.js";
import type { Logger } from "../../log/index.js";
import { messageResult, stateName, taskResult, textOf } from "./results.js";

type Extra = RequestHandlerExtra<ServerRequest, ServerNotification>;

/** The agent as its tools see it: the client and card of the moment (a refresh may replace them). */
export interface AgentHandle {
  /** The server's name, which names file resources (a2a://<name>/…). */
  name: string;
  current(): { client: Client; view: AgentCardView };
  log: Logger;
  version: string;
}

export const sendInput = z
  .object({
    message: z.string().min(1).describe("What to ask or tell the agent"),
    data: z
      .record(z.string(), z.unknown())
      .optional()
      .describe("Structured input for the agent, sent beside the text as a data part"),
    taskId: z.string().min(1).optional().describe("Continue this task (one whose state is input-required)"),
    contextId: z.string().min(1).optional().describe("The conversation to continue"),
  })
  .strict();
/** fetch hides the reason (ECONNREFUSED, a reset mid-stream) in its error's cause. */
export function failureOf(error: unknown): string {
  const cause = (error as { cause?: unknown }).cause;
  return cause ? `${errorMessage(error)} (${errorMessage(cause)})` : errorMessage(error);
}

/** A user message with a text part and, when given, a data part. */
function userMessage(args: z.infer<typeof sendInput>) {
  const part = (content: { $case: "text"; value: string } | { $case: "data"; value: unknown }) => ({
    content,
    metadata: undefined,
    filename: "",
    mediaType: content.$case === "text" ? "text/plain" : "application/json",
  });
  return {
    messageId: randomUUID(),
    contextId: args.contextId ?? "",
    taskId: args.taskId ?? "",
    role: Role.ROLE_USER,
    parts: [
      part({ $case: "text", value: args.message }),
      ...(args.data ? [part({ $case: "data", value: args.data })] : []),
    ],
    metadata: undefined,
    extensions: [],
    referenceTaskIds: [],
  };
}

type SendArgs = z.infer<typeof sendInput>;

const CANCEL_TIMEOUT_MS = 10_000; // the call is over for the caller; the cancel is a courtesy to the agent
const PROGRESS_TEXT_MAX_CHARS = 500;

/**
 * send_message: sends the user's message and follows the task to its end — or to a pause (input-required), where
 * the caller continues it with the same task and context ids. An agent that streams reports each status and
 * artifact as an MCP progress notification; the artifacts are gathered (appended chunks joined) into the result.
 * When the caller cancels the call (or the hub's timeout does), the task is cancelled at the agent too.
 */
export async function sendAndFollow(
  agent: AgentHandle,
  args: SendArgs,
  extra: Extra,
): Promise<CallToolResult> {
  const { client, view } = agent.current();
  const request = { tenant: "", message: userMessage(args), configuration: undefined, metadata: undefined };
  const follow = new TaskFollower(agent.name);
  const progress = progressOf(extra);
  try {
    if (!view.streaming) {
      const answer = await client.sendMessage(request, { signal: extra.signal });
      return isMessage(answer) ? messageResult(agent.name, answer) : taskResult(agent.name, answer);
    }
    for await (const event of client.sendMessageStream(request, { signal: extra.signal })) {
      const answer = follow.take(event);
      if (answer) return messageResult(agent.name, answer);
      progress(follow.lastNews);
    }
    return follow.result();
  } catch (error) {
    if (extra.signal.aborted && follow.taskId) {
      const taskId = follow.taskId;
      client
        .cancelTask(
          { tenant: "", id: taskId, metadata: undefined },
          { signal: AbortSignal.timeout(CANCEL_TIMEOUT_MS) },
        )
        .then(
          () => agent.log.info({ taskId }, "cancelled the task of a cancelled call"),
          (failure: unknown) =>
            agent.log.warn({ taskId, reason: failureOf(failure) }, "could not cancel the task"),
        );
    }
    throw error;
  }
}

const isMessage = (answer: Message | Task): answer is Message => "messageId" in answer && "role" in answer;

/** The task as its stream tells it: the latest snapshot and status, and its artifacts by id. */
class TaskFollower {
  private task: Task | undefined;
  private readonly artifacts = new Map<string, Artifact>();
  /** What the last event said, for a progress notification. */
  lastNews = "";

  constructor(private readonly agent: string) {}

  get taskId(): string | undefined {
    return this.task?.id;
  }

  /** Takes one event; a direct message (no task) is the answer and is returned. */
  take(event: StreamResponse): Message | undefined {
    const payload = event.payload;
    if (!payload) return undefined;
    switch (payload.$case) {
      case "message":
        return payload.value;
      case "task":
        this.task = payload.value;
        for (const artifact of payload.value.artifacts) this.artifacts.set(artifact.artifactId, artifact);
        this.lastNews = `task ${payload.value.id} (context ${payload.value.contextId}) ${this.statusNews()}`;
        return undefined;
      case "statusUpdate": {
        const update = payload.value;
        this.task = {
          ...(this.task ?? { id: update.taskId, contextId: update.contextId, artifacts: [], history: [] }),
          metadata: this.task?.metadata,
          status: update.status,
        };
        this.lastNews = this.statusNews();
        return undefined;
      }
      case "artifactUpdate": {
        const artifact = payload.value.artifact;
        if (!artifact) return undefined;
        const previous = this.artifacts.get(artifact.artifactId);
        this.artifacts.set(
          artifact.artifactId,
          payload.value.append && previous
            ? { ...previous, parts: [...previous.parts, ...artifact.parts] }
            : artifact,
        );
        const text = textOf({ parts: artifact.parts } as Message);
        this.lastNews = `artifact ${artifact.name || artifact.artifactId}${text ? `: ${text}` : ""}`;
        return undefined;
      }
    }
  }

  result(): CallToolResult {
    if (!this.task) throw new Error("the agent's stream ended without a task or a message");
    return taskResult(this.agent, this.task, [...this.artifacts.values()]);
  }

  private statusNews(): string {
    const status = this.task?.status;
    const text = textOf(status?.message);
    return `${stateName(status?.state)}${text ? `: ${text}` : ""}`;
  }
}

/** Progress notifications for a caller that asked for them (a progress token), numbered as they come. */
function progressOf(extra: Extra): (message: string) => void {
  const progressToken = extra._meta?.progressToken;
  let count = 0;
  return (message) => {
    if (progressToken === undefined) return;
    count++;
    const text =
      message.length > PROGRESS_TEXT_MAX_CHARS
        ? `${message.slice(0, PROGRESS_TEXT_MAX_CHARS - 1)}…`
        : message;
    void extra
      .sendNotification({
        method: "notifications/progress",
        params: { progressToken, progress: count, message: text },
      })
      .catch(() => undefined);
  };
}

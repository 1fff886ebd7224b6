import { TaskState, type Artifact, type Message, type Part, type Task } from "@a2a-js/sdk";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";

type Content = CallToolResult["content"][number];

/** A task's state as A2A 0.3 and people spell it. */
export function stateName(state: TaskState | undefined): string {
  switch (state) {
    case TaskState.TASK_STATE_SUBMITTED:
      return "submitted";
    case TaskState.TASK_STATE_WORKING:
      return "working";
    case TaskState.TASK_STATE_COMPLETED:
      return "completed";
    case TaskState.TASK_STATE_FAILED:
      return "failed";
    case TaskState.TASK_STATE_CANCELED:
      return "canceled";
    case TaskState.TASK_STATE_INPUT_REQUIRED:
      return "input-required";
    case TaskState.TASK_STATE_REJECTED:
      return "rejected";
    case TaskState.TASK_STATE_AUTH_REQUIRED:
      return "auth-required";
    default:
      return "unknown";
  }
}

/** States in which the task did not do what was asked: the tool result is an error. */
const UNSUCCESSFUL = new Set([
  TaskState.TASK_STATE_FAILED,
  TaskState.TASK_STATE_CANCELED,
  TaskState.TASK_STATE_REJECTED,
  TaskState.TASK_STATE_AUTH_REQUIRED,
]);

/** The text of a message's text parts, one line each. */
export function textOf(message: Message | undefined): string {
  return (message?.parts ?? [])
    .flatMap((part) => (part.content?.$case === "text" ? [part.content.value] : []))
    .join("\n");
}

/** Where a file part without a URL of its own is named: the agent, the task and the artifact it came in. */
const fileUri = (agent: string, task: string, artifact: string, part: Part, index: number) =>
  `a2a://${agent}/tasks/${encodeURIComponent(task)}/artifacts/${encodeURIComponent(artifact)}/${encodeURIComponent(part.filename || `part-${index}`)}`;

/** Parts as MCP content: text as text, files as resources (bytes embedded, URLs linked); data goes to `data`. */
function partsToContent(
  parts: Part[],
  into: { content: Content[]; data: unknown[] },
  uri: (part: Part, index: number) => string,
): void {
  parts.forEach((part, index) => {
    const content = part.content;
    if (!content) return;
    if (content.$case === "text") into.content.push({ type: "text", text: content.value });
    else if (content.$case === "data") into.data.push(content.value);
    else if (content.$case === "url")
      into.content.push({
        type: "resource_link",
        uri: content.value,
        name: part.filename || content.value,
        ...(part.mediaType ? { mimeType: part.mediaType } : {}),
      });
    else
      into.content.push({
        type: "resource",
        resource: {
          uri: uri(part, index),
          mimeType: part.mediaType || "application/octet-stream",
          blob: Buffer.from(content.value).toString("base64"),
        },
      });
  });
}

/** Data parts become structuredContent, and also a JSON text block for clients that read only text. */
function withData(content: Content[], data: unknown[], structured: Record<string, unknown>): CallToolResult {
  if (data.length) {
    structured.data = data.length === 1 ? data[0] : data;
    content.push({ type: "text", text: JSON.stringify(structured.data, null, 2) });
  }
  return { content, structuredContent: structured };
}

/**
 * A task as a tool result: its state and status message first, then its artifacts. A task that needs input says how
 * to answer (the same task and context ids); failed, rejected, canceled and auth-required tasks are errors.
 */
export function taskResult(
  agent: string,
  task: Task,
  artifacts: Artifact[] = task.artifacts,
): CallToolResult {
  const state = task.status?.state;
  const status = textOf(task.status?.message);
  const into = { content: [] as Content[], data: [] as unknown[] };
  let head = `Task ${task.id} (context ${task.contextId}): ${stateName(state)}${status ? `\n${status}` : ""}`;
  if (state === TaskState.TASK_STATE_INPUT_REQUIRED)
    head += `\nThe agent needs your input: call send_message again with taskId "${task.id}" and contextId "${task.contextId}".`;
  else if (state === TaskState.TASK_STATE_WORKING || state === TaskState.TASK_STATE_SUBMITTED)
    head += `\nStill running: get_task with taskId "${task.id}" shows how it goes.`;
  into.content.push({ type: "text", text: head });
  for (const artifact of artifacts)
    partsToContent(artifact.parts, into, (part, index) =>
      fileUri(agent, task.id, artifact.artifactId || artifact.name, part, index),
    );
  const result = withData(into.content, into.data, {
    taskId: task.id,
    contextId: task.contextId,
    state: stateName(state),
  });
  return UNSUCCESSFUL.has(state ?? TaskState.TASK_STATE_UNSPECIFIED) ? { ...result, isError: true } : result;
}

/** A direct answer (no task): its parts, and its context for a follow-up. */
export function messageResult(agent: string, message: Message): CallToolResult {
  const into = { content: [] as Content[], data: [] as unknown[] };
  partsToContent(message.parts, into, (part, index) =>
    fileUri(agent, message.taskId || message.messageId, "message", part, index),
  );
  if (!into.content.length && !into.data.length)
    into.content.push({ type: "text", text: "(the agent answered with an empty message)" });
  return withData(into.content, into.data, { contextId: message.contextId, messageId: message.messageId });
}

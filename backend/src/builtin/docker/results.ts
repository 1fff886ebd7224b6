import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { errorMessage } from "../../errors/index.js";
import { statusCodeOf } from "../../runtime/index.js";
import type { ToolOutput } from "./toolKit.js";

/** About what a model can read in one answer; longer answers are cut with a note saying what was cut. */
export const MAX_RESULT_CHARS = 50_000;
/** Characters kept free for the note that says what was cut. */
const NOTE_ROOM = 400;

/**
 * A tool's answer as an MCP result: structuredContent, and a text of the summary line plus the same data as JSON
 * (clients that ignore structuredContent read that). Over the cap, the longest list or text in the data is cut
 * until the answer fits, and `truncated` says what was cut and how to ask for less.
 */
export function toResult(output: ToolOutput, cap = MAX_RESULT_CHARS): CallToolResult {
  const data = fit(output, cap);
  return {
    content: [{ type: "text", text: `${output.summary}\n${JSON.stringify(data)}` }],
    structuredContent: data,
  };
}

function fit(output: ToolOutput, cap: number): Record<string, unknown> {
  const budget = cap - output.summary.length - 1;
  const size = (value: unknown) => JSON.stringify(value).length;
  if (size(output.data) <= budget) return output.data;
  const data = { ...output.data };
  const note = (what: string) => ({
    note: `${what} to stay under ${cap} characters`,
    ...(output.narrow ? { narrow: output.narrow } : {}),
  });
  // Cut the largest list or text first; a few rounds settle any realistic shape.
  for (let round = 0; round < 4 && size(data) > budget; round++) {
    const key = largestCuttable(data);
    if (!key) break;
    const value = data[key];
    const room = Math.max(0, budget - NOTE_ROOM - size({ ...data, [key]: Array.isArray(value) ? [] : "" }));
    if (Array.isArray(value)) {
      const kept = keepItems(value, room);
      data[key] = kept;
      data.truncated = note(`showing ${kept.length} of ${value.length} ${key}`);
    } else {
      const text = String(value);
      // JSON escapes can double a character's length; keep the end of logs and output, where the news is.
      const kept = text.slice(Math.max(0, text.length - Math.floor(room / 2)));
      data[key] = kept;
      data.truncated = note(`${key}: kept the last ${kept.length} of ${text.length} characters`);
    }
  }
  if (size(data) <= budget) return data;
  return { truncated: note("the answer was dropped"), summary: output.summary };
}

function largestCuttable(data: Record<string, unknown>): string | undefined {
  let best: string | undefined;
  let bestSize = 0;
  for (const [key, value] of Object.entries(data)) {
    if (key === "truncated" || !(Array.isArray(value) || typeof value === "string")) continue;
    const length = JSON.stringify(value).length;
    if (length > bestSize) [best, bestSize] = [key, length];
  }
  return best;
}

/** The longest prefix of the list whose JSON fits in `room` characters. */
function keepItems(items: unknown[], room: number): unknown[] {
  let used = 2;
  let count = 0;
  for (const item of items) {
    used += JSON.stringify(item).length + 1;
    if (used > room) break;
    count++;
  }
  return items.slice(0, count);
}

/** Docker's own message: the engine's JSON `message` when it sent one, else the error's text. */
export function dockerMessage(error: unknown): string {
  const json = (error as { json?: { message?: unknown } } | undefined)?.json;
  if (json && typeof json.message === "string") return json.message;
  return errorMessage(error).replace(/^\(HTTP code \d+\) [a-z ]+ - /, "");
}

/** A failed Docker call as an isError result: Docker's message, and what to try next. */
export function dockerError(error: unknown): CallToolResult {
  const message = dockerMessage(error);
  const hint = hintFor(statusCodeOf(error), message, error);
  return {
    isError: true,
    content: [{ type: "text", text: `Docker: ${message}${hint ? `\nHint: ${hint}` : ""}` }],
  };
}

function hintFor(status: number | undefined, message: string, error: unknown): string | undefined {
  const code = (error as { code?: unknown } | undefined)?.code;
  if (code === "ENOENT" || code === "ECONNREFUSED" || code === "EACCES")
    return "the Docker engine is not reachable: the hub needs /var/run/docker.sock mounted (or DOCKER_HOST set).";
  if (/no such image|manifest unknown|pull access denied|repository does not exist/i.test(message))
    return "check the image name and tag (list_images shows local images); pull_image fetches it from a registry.";
  if (/no such container/i.test(message)) return "list_containers shows the containers there are.";
  if (/network .* not found/i.test(message)) return "list_networks shows the networks there are.";
  if (/no such volume|volume .* not found/i.test(message)) return "list_volumes shows the volumes there are.";
  if (/port is already allocated|address already in use/i.test(message))
    return "another container or process uses that host port: pick another host port, or leave it out for a random one.";
  switch (status) {
    case 404:
      return "it does not exist: list it first to find the right name or id.";
    case 409:
      return "it conflicts with the current state (a name in use, a resource in use, or already in that state): inspect it, then stop, rename or remove what is in the way.";
    case 400:
      return "the engine refused an argument: check the values against the tool's input schema.";
    case 304:
      return "it is already in that state.";
    case 500:
      return "the engine failed: system_info and the engine's log may say why.";
    default:
      return undefined;
  }
}

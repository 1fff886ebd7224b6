import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { errorMessage } from "../../errors/index.js";

/** A tool's answer: a line or two a person reads, and the same facts as data for the model. */
export function answer(text: string, data: Record<string, unknown>): CallToolResult {
  return { content: [{ type: "text", text }], structuredContent: data };
}

/** A failure the model can read and act on: what went wrong and the fix. */
export function failure(message: string): CallToolResult {
  return { isError: true, content: [{ type: "text", text: message }] };
}

const UNITS = ["B", "kB", "MB", "GB", "TB"];

/** 52.1 MB: decimal units, as `docker images` shows sizes. */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${UNITS[unit]}`;
}

/** Runs a tool's body; what it throws (registry down, unknown repository) becomes a result saying what to do. */
export async function guarded(
  run: () => Promise<CallToolResult>,
  explain: (error: unknown) => string = errorMessage,
): Promise<CallToolResult> {
  try {
    return await run();
  } catch (error) {
    return failure(explain(error));
  }
}

import type Dockerode from "dockerode";
import type { ToolAnnotations } from "@modelcontextprotocol/sdk/types.js";
import type { confirm, refusal } from "../../hub/index.js";
import { z } from "zod";
import type { Logger } from "../../log/index.js";
import type { CreatedLabels } from "./labels.js";
import type { DockerOptions } from "./options.js";
import type { Protection } from "./protection.js";
import type { StackHistory } from "./stackHistory.js";

/**
 * What a tool may do, the one source of its annotations and of the modes: `read` tools are the only ones listed in
 * read-only mode; `destroy` tools always go through confirmation.
 */
export type ToolKind = "read" | "write" | "destroy";

export interface DockerTool<Shape extends z.ZodRawShape = z.ZodRawShape> {
  name: string;
  kind: ToolKind;
  /** Calling it again with the same arguments changes nothing more. */
  idempotent?: boolean;
  /** It reaches beyond this engine (a registry, a URL). */
  openWorld?: boolean;
  description: string;
  input: Shape;
  run(args: z.infer<z.ZodObject<Shape>>, call: ToolCall): Promise<ToolOutput>;
}

/** A tool's answer: one line for people, and the data (structuredContent). */
export interface ToolOutput {
  summary: string;
  data: Record<string, unknown>;
  /** How to ask for less when the answer is cut (e.g. "use tail or since"). */
  narrow?: string;
}

/**
 * What the module takes from the hub, handed in by its statically loaded part (index.ts, stdio.ts): the lazily
 * loaded code imports no value from the hub's folders, or the bundle would make their start-up lazy too.
 */
export interface HubSeam {
  confirm: typeof confirm;
  refusal: typeof refusal;
  version: string;
}

/** What the instance keeps across sessions and hands to every call. */
export interface DockerDeps {
  docker: Dockerode;
  options: DockerOptions;
  labels: CreatedLabels;
  protection: Protection;
  history: StackHistory;
  log: Logger;
}

/** One call of one tool: its dependencies, cancellation, progress and the seam's confirmation. */
export interface ToolCall extends DockerDeps {
  signal: AbortSignal;
  /** A progress notification, when the caller asked for them (no-op otherwise). */
  progress(message: string, done?: number, total?: number): void;
  /**
   * Resolves once the action is confirmed (a `confirm: true` argument, or the user through elicitation); throws a
   * Refusal otherwise, which becomes an isError result saying why and how to confirm.
   */
  confirm(action: string): Promise<void>;
}

/** A refused call: nothing was changed, and the message says why and what to do. */
export class Refusal extends Error {
  override readonly name = "Refusal";
}

/** A call that cannot go on for a reason the tool found itself (not the engine's answer), said as it is. */
export class ToolFailure extends Error {
  override readonly name: string = "ToolFailure";
}

export function defineTool<Shape extends z.ZodRawShape>(tool: DockerTool<Shape>): DockerTool {
  return tool as unknown as DockerTool;
}

export function annotationsOf(tool: DockerTool): ToolAnnotations {
  return {
    readOnlyHint: tool.kind === "read",
    destructiveHint: tool.kind === "destroy",
    idempotentHint: tool.kind === "read" || Boolean(tool.idempotent),
    openWorldHint: Boolean(tool.openWorld),
  };
}

/** Arguments shared by many tools, described once. */
export const arg = {
  name: (what: string) => z.string().min(1).describe(`The ${what}'s name or id`),
  confirm: z
    .boolean()
    .optional()
    .describe(
      "true once the user has agreed to this action; without it the hub asks the user (when the client can) or refuses",
    ),
  labels: z.record(z.string(), z.string()).optional().describe("Labels to add, as key: value"),
  /** A file given inline: copy_to_container's, or a build context's. */
  file: (where: string) =>
    z.object({
      path: z.string().min(1).describe(`Path of the file, ${where}`),
      content: z.string().describe("The file's content"),
      encoding: z
        .enum(["utf8", "base64"])
        .optional()
        .describe('How content is written: "utf8" (default) or "base64"'),
      mode: z
        .number()
        .int()
        .min(0)
        .max(0o7777)
        .optional()
        .describe("Permission bits, e.g. 420 (0644) or 493 (0755)"),
    }),
};

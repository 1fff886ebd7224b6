/**
 * Shared by the differential tests of the hub's SDK bypasses (transport/sessionTransport.diff.test.ts,
 * hub/directCalls.diff.test.ts, hub/sessionHandlers.diff.test.ts, downstream/relayRequests.diff.test.ts): each runs the same scenario once through the
 * SDK's own machinery and once through the bypass, against the same scripted tool, and compares the JSON-RPC
 * messages. Here: that tool, the SDK Server that serves it, the id normalization and the SSE reading.
 */
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import type { RequestHandlerExtra } from "@modelcontextprotocol/sdk/shared/protocol.js";
import {
  CallToolRequestSchema,
  CreateMessageResultSchema,
  ErrorCode,
  ListToolsRequestSchema,
  McpError,
  type CallToolRequest,
  type CallToolResult,
  type ServerNotification,
  type ServerRequest,
} from "@modelcontextprotocol/sdk/types.js";
import type { CallContext } from "../../src/hub/index.js";

/** A tool result of one text block. */
export const text = (value: string): CallToolResult => ({ content: [{ type: "text", text: value }] });

/**
 * One tool per scenario. Each test makes a fresh one per run; `events` is what its handler saw (the params and id
 * of each call, and each abort with its reason), in order, and belongs in the run's transcript.
 */
export class ScriptedTool {
  readonly events: Record<string, unknown>[] = [];
  /** Resolves once a `hang` or `linger` call is running (the moment to cancel it or close under it). */
  readonly hanging: Promise<void>;
  private markHanging!: () => void;
  private readonly released: Promise<void>;
  /** Ends every `hang` and `linger` call (those still running answer "released"). */
  readonly release: () => void;
  private readonly calls: Promise<unknown>[] = [];
  /** The SDK Server serving the tool (set by scriptedServer): `announce` and `sample` send through it. */
  server?: Server;

  constructor() {
    this.hanging = new Promise((resolve) => (this.markHanging = resolve));
    let release!: () => void;
    this.released = new Promise((resolve) => (release = resolve));
    this.release = release;
  }

  readonly call = (params: CallToolRequest["params"], context: CallContext): Promise<CallToolResult> => {
    this.events.push({ call: params.name, requestId: context.requestId, params });
    const run = this.run(params, context);
    this.calls.push(run.catch(() => undefined));
    return run;
  };

  /** Resolves once every call so far has settled and whatever answers they cause have been sent. */
  async idle(): Promise<void> {
    await Promise.all(this.calls);
    await new Promise((resolve) => setImmediate(resolve));
  }

  private async run(params: CallToolRequest["params"], context: CallContext): Promise<CallToolResult> {
    switch (params.name) {
      case "echo":
        return text(String(params.arguments?.text));
      case "fail": // a JSON-RPC error, as hub.callTool throws them (RpcError: code, message, data)
        throw Object.assign(new Error("Unknown widget: w"), {
          code: ErrorCode.InvalidParams,
          data: { widget: "w" },
        });
      case "mcp-fail": // a JSON-RPC error as the SDK Client rejects with a downstream server's
        throw new McpError(ErrorCode.InvalidRequest, "Unknown widget: w", { widget: "w" });
      case "throw": // anything else a handler may throw
        throw new TypeError("boom");
      case "return": // whatever result the call carries, as-is: a server's result the hub relays unchecked
        return params.arguments?.result as CallToolResult;
      case "announce": // a notification about the server, related to no request: the GET stream's
        await this.server!.sendToolListChanged();
        return text("announced");
      case "notify":
        await context.sendNotification({
          method: "notifications/message",
          params: { level: "info", data: "working" },
        });
        return text("notified");
      case "progress": {
        const progressToken = context._meta?.progressToken;
        if (progressToken !== undefined)
          for (let progress = 1; progress <= 2; progress++)
            await context.sendNotification({
              method: "notifications/progress",
              params: { progressToken, progress, total: 2 },
            });
        return text("progressed");
      }
      case "sample": {
        // As hub/relay.ts relays a server's sampling request: on the stream of the call that caused it.
        const sampled = await this.server!.request(
          {
            method: "sampling/createMessage",
            params: { messages: [{ role: "user", content: { type: "text", text: "hi" } }], maxTokens: 5 },
          },
          CreateMessageResultSchema,
          { relatedRequestId: context.requestId },
        );
        return text(sampled.content.type === "text" ? sampled.content.text : "?");
      }
      case "hang": // until released; an abort ends it with the abort's reason
      case "linger": // until released, abort or not: its answer then comes after the abort
        this.markHanging();
        await new Promise<void>((resolve, reject) => {
          const onAbort = () => {
            this.events.push({
              aborted: params.name,
              requestId: context.requestId,
              reason: String(context.signal.reason),
            });
            if (params.name === "hang") reject(context.signal.reason);
          };
          if (context.signal.aborted) onAbort();
          else context.signal.addEventListener("abort", onAbort, { once: true });
          void this.released.then(() => {
            context.signal.removeEventListener("abort", onAbort);
            resolve();
          });
        });
        return text("released");
      default:
        throw new Error(`unknown tool ${params.name}`);
    }
  }
}

/** A test bed's own tools, by name, beside the scripted ones. */
export type OwnTools = Record<
  string,
  (extra: RequestHandlerExtra<ServerRequest, ServerNotification>) => Promise<CallToolResult>
>;

/** An SDK Server whose tools/call handler (registered the SDK's ordinary way) runs `own`'s tools, else `tool`. */
export function scriptedServer(tool: ScriptedTool, own: OwnTools = {}): Server {
  const server = new Server(
    { name: "scripted", version: "1.0.0" },
    { capabilities: { tools: { listChanged: true }, logging: {} } },
  );
  server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: [] }));
  tool.server = server;
  server.setRequestHandler(CallToolRequestSchema, (request, extra) => {
    const name = request.params.name;
    return Object.hasOwn(own, name) ? own[name]!(extra) : tool.call(request.params, extra);
  });
  return server;
}

/**
 * A function that copies a message or a handler event with its request ids replaced by "#1", "#2"… in order of
 * first appearance across everything it is given: a message's `id`, a cancellation's `params.requestId`, an
 * event's `requestId`. Two senders numbering their requests differently (the SDK Client from 0, relayRequests from
 * a billion) then compare equal, while a response, cancellation or event naming the wrong request does not. Only
 * for ids of one numbering (one direction of one connection).
 */
export function renumbering(): (item: object) => unknown {
  const ordinals = new Map<unknown, string>();
  const ordinal = (id: unknown) => {
    if (!ordinals.has(id)) ordinals.set(id, `#${ordinals.size + 1}`);
    return ordinals.get(id);
  };
  return (item) => {
    const copy = structuredClone(item) as {
      id?: unknown;
      requestId?: unknown;
      method?: string;
      params?: { requestId?: unknown };
    };
    if (copy.id !== undefined) copy.id = ordinal(copy.id);
    if (copy.requestId !== undefined) copy.requestId = ordinal(copy.requestId);
    if (copy.method === "notifications/cancelled" && copy.params?.requestId !== undefined)
      copy.params.requestId = ordinal(copy.params.requestId);
    return copy;
  };
}

export interface SseEvent {
  id?: string;
  retry?: number;
  data: string;
}

/** Complete SSE events of `text` (blocks ended by a blank line); comment blocks (keep-alives) are skipped. */
export function parseEvents(text: string): SseEvent[] {
  return text
    .split("\n\n")
    .filter((block) => block.trim() !== "" && !block.startsWith(":"))
    .map((block) => {
      const event: SseEvent = { data: "" };
      for (const line of block.split("\n")) {
        const [field, ...rest] = line.split(":");
        const value = rest.join(":").replace(/^ /, "");
        if (field === "id") event.id = value;
        else if (field === "retry") event.retry = Number(value);
        else if (field === "data") event.data += value;
      }
      return event;
    });
}

/** The JSON-RPC messages the events carry; priming events (empty data) carry none. */
export const messagesOf = (events: SseEvent[]) =>
  events.filter((e) => e.data !== "").map((e) => JSON.parse(e.data) as Record<string, unknown>);

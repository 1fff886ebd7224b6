import { randomUUID } from "node:crypto";
import type { ServerResponse } from "node:http";
import type { EventStore } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import type { JSONRPCMessage, RequestId } from "@modelcontextprotocol/sdk/types.js";
import { messageText } from "../jsonrpc/index.js";
import { eventFrame, messageEvent, openEventStream } from "./eventStream.js";

/** Resumability of one POST stream (2025-11-25+ clients): its events are stored so a Last-Event-ID GET can replay them. */
export interface Resume {
  store: EventStore;
  retryMs: number | undefined;
  /**
   * Called when the reply becomes a stream, with the id its events are stored under. A reply answered as one JSON
   * body (most are) stores nothing and gets no id.
   */
  onStream: (streamId: string) => void;
}

export interface PostReplyOptions {
  ids: RequestId[];
  /** The POST body was a JSON array: an all-JSON answer is an array too (JSON-RPC batch). */
  batch: boolean;
  sessionId: string | undefined;
  resume: Resume | undefined;
  /** How long the head may be held back; then the reply becomes a stream (see openStream). */
  holdMs: number;
  /** Called when holdMs passed without an answer; the transport runs openStream in its send order. */
  onHoldExpired: () => void;
}

/**
 * One POST's answer. The head is held back until the first outgoing message: if every response arrives before
 * anything else, they go out as one `application/json` body; a notification or server→client request first turns
 * the reply into an SSE stream that ends after the last response. Most calls stream nothing, and one JSON write
 * is far cheaper for both sides than an event stream. A call still running after holdMs gets its stream anyway:
 * clients whose send() resolves on the response head (the bridge's pump) must not wait for a slow result.
 */
export class PostReply {
  readonly ids: readonly RequestId[];
  private readonly pending: Set<RequestId>;
  private answers: JSONRPCMessage[] = [];
  private mode: "held" | "sse" | "done" = "held";
  /** Undefined once the client went away (or the stream was closed for it to resume). */
  private res: ServerResponse | undefined;
  private hold: NodeJS.Timeout | undefined;
  /** Set once a resumable reply became a stream (see Resume). */
  private stream: string | undefined;

  constructor(
    res: ServerResponse,
    private readonly options: PostReplyOptions,
  ) {
    this.ids = options.ids;
    this.pending = new Set(options.ids);
    this.attach(res);
    this.hold = setTimeout(options.onHoldExpired, options.holdMs);
    this.hold.unref();
  }

  get done(): boolean {
    return this.mode === "done";
  }

  get connected(): boolean {
    return this.res !== undefined;
  }

  get streamId(): string | undefined {
    return this.stream;
  }

  /**
   * Sends a message related to one of this POST's requests (`responseId` set when it is the response to one).
   * False when nobody will ever see it: the client left and the stream is not resumable.
   */
  async deliver(message: JSONRPCMessage, responseId: RequestId | undefined): Promise<boolean> {
    if (this.mode === "done") return false;
    if (responseId !== undefined) this.pending.delete(responseId);
    const finished = this.pending.size === 0;
    if (this.mode === "held") {
      if (!this.res) {
        if (finished) this.mode = "done";
        return false;
      }
      if (responseId !== undefined) {
        this.answers.push(message);
        if (finished) this.answerJson(this.res);
        return true;
      }
      await this.openStream();
    }
    const seen = (await this.write(message)) || this.options.resume !== undefined;
    if (finished) this.finish();
    return seen;
  }

  /** Turns a held reply into a stream, sending the answers it was holding (batch) first. */
  async openStream(): Promise<void> {
    if (this.mode !== "held" || !this.res) return;
    await this.startStream(this.res);
    const earlier = this.answers;
    this.answers = [];
    for (const answer of earlier) await this.write(answer);
  }

  /**
   * The client cancelled request `id`: no answer will come for it (the SDK drops a cancelled handler's result).
   * Once nothing else is pending the reply ends — as an empty stream if it was still held, since a POST that
   * carried a request gets no 202.
   */
  async cancel(id: RequestId): Promise<void> {
    if (this.mode === "done" || !this.pending.delete(id) || this.pending.size > 0) return;
    if (this.mode === "held") await this.openStream();
    this.finish();
  }

  /** A Last-Event-ID GET took over this stream: later events go to `res` (the caller replayed the stored ones). */
  resumeOn(res: ServerResponse): void {
    this.attach(res);
  }

  /** Ends the stream mid-call so the client reconnects with Last-Event-ID (SEP-1699 polling). */
  async closeForResume(): Promise<void> {
    if (!this.options.resume || !this.res || this.mode === "done") return;
    await this.openStream();
    const res = this.res;
    if (!res) return;
    this.res = undefined;
    res.end();
  }

  /** The session closed: whatever is still unanswered gets `error`, so the client does not wait for ever. */
  abort(error: (id: RequestId) => JSONRPCMessage): void {
    if (this.mode === "done") return;
    const res = this.res;
    if (res && this.mode === "held") {
      for (const id of this.pending) this.answers.push(error(id));
      this.answerJson(res);
    } else if (res) {
      // Not stored: the session and its event store are going away.
      res.write(Array.from(this.pending, (id) => messageEvent(error(id))).join(""));
      res.end();
    }
    this.pending.clear();
    this.mode = "done";
    this.res = undefined;
    clearTimeout(this.hold);
  }

  private attach(res: ServerResponse): void {
    this.res = res;
    res.on("close", () => {
      if (this.res === res) this.res = undefined;
    });
  }

  private answerJson(res: ServerResponse): void {
    const body = this.options.batch
      ? `[${this.answers.map(messageText).join(",")}]`
      : messageText(this.answers[0]!);
    const headers: Record<string, string | number> = {
      "content-type": "application/json",
      "content-length": Buffer.byteLength(body),
    };
    if (this.options.sessionId) headers["mcp-session-id"] = this.options.sessionId;
    res.writeHead(200, headers).end(body);
    this.answers = [];
    this.mode = "done";
    this.res = undefined;
    clearTimeout(this.hold);
  }

  private async startStream(res: ServerResponse): Promise<void> {
    this.mode = "sse";
    clearTimeout(this.hold);
    const sessionId = this.options.sessionId;
    const headers = sessionId ? { "mcp-session-id": sessionId } : undefined;
    const resume = this.options.resume;
    // Resumable: the head leaves with the priming event, in one write.
    openEventStream(res, { headers, flush: !resume });
    if (!resume) return;
    this.stream = randomUUID();
    resume.onStream(this.stream);
    // The priming event (2025-11-25): an id to resume from, before anything else on the stream.
    const id = await resume.store.storeEvent(this.stream, {} as JSONRPCMessage);
    res.write(eventFrame({ id, retry: resume.retryMs, data: "" }));
  }

  /** Stores the event when resumable, writes it when someone listens; true when written. */
  private async write(message: JSONRPCMessage): Promise<boolean> {
    const resume = this.options.resume;
    const id = resume && this.stream ? await resume.store.storeEvent(this.stream, message) : undefined;
    if (!this.res) return false;
    this.res.write(messageEvent(message, id));
    return true;
  }

  private finish(): void {
    clearTimeout(this.hold);
    this.mode = "done";
    this.res?.end();
    this.res = undefined;
  }
}

import type {
  JSONRPCMessage,
  JSONRPCNotification,
  JSONRPCRequest,
  RequestId,
  ServerCapabilities,
} from "@modelcontextprotocol/sdk/types.js";
import { backoffDelay } from "../backoff/index.js";
import { toError } from "../errors/index.js";
import { classifySendError, describeError, HubLink, type SendFailure } from "./hubLink.js";
import type { BridgeLog } from "./log.js";
import type { BridgeOptions } from "./options.js";
import { readToken } from "./token.js";

/** JSON-RPC error code for "the hub is unavailable" (implementation-defined server error range). */
export const HUB_UNAVAILABLE = -32000;
/** Ids of the requests the bridge itself sends (re-initialize, probes); never forwarded to the client. */
const INTERNAL_PREFIX = "mcp-hub-bridge:";
const PROBE_TIMEOUT_MS = 10_000;
/** Waiting for the hub: the first retry within 200 ms, none more than 2 s apart, so a hub that comes up is seen soon. */
const RETRY_BACKOFF = { initialMs: 200, maxMs: 2000 };

type Phase = "idle" | "connecting" | "ready" | "down" | "closed";
type Response = Extract<
  JSONRPCMessage,
  { id: RequestId; result: unknown } | { id: RequestId; error: unknown }
>;

const isRequest = (m: JSONRPCMessage): m is JSONRPCRequest => "method" in m && "id" in m;
const isNotification = (m: JSONRPCMessage): m is JSONRPCNotification => "method" in m && !("id" in m);
const isResponse = (m: JSONRPCMessage): m is Response => !("method" in m) && "id" in m;

/** Requests whose effect lives in the hub session: replayed into a new session after a hub restart. */
const STICKY = new Set(["logging/setLevel", "resources/subscribe", "resources/unsubscribe"]);

class GiveUp extends Error {}

/**
 * The bridge's core: a transparent JSON-RPC pipe between the client (stdio) and the hub (Streamable HTTP).
 * Messages pass unchanged both ways. The only things the bridge adds are for the hub going away:
 * - it waits (bounded by options.waitMs) for the hub to come up before the first initialize is answered;
 * - when the session is lost (404, or the hub unreachable) it opens a new one by replaying the client's own
 *   initialize + initialized (and logging level, subscriptions), then sends tools/prompts/resources list_changed;
 * - a request the hub never received is sent again once, in the new session; a request that was running when the
 *   session died gets a JSON-RPC error (the bridge cannot know whether it took effect, so it never re-runs it).
 */
export class BridgePipe {
  private phase: Phase = "idle";
  private generation = 0;
  private link?: HubLink;
  private initialize?: JSONRPCRequest;
  private initialized?: JSONRPCNotification;
  private readonly sticky = new Map<string, JSONRPCRequest>();
  /** Client messages not yet accepted by the hub, in order. */
  private readonly queue: JSONRPCMessage[] = [];
  /** Requests already sent once more after a failed send: a second failure is answered with an error. */
  private readonly attempts = new WeakSet<JSONRPCMessage>();
  /** Client requests forwarded and not yet answered: id → method. */
  private readonly inflight = new Map<RequestId, string>();
  /** Hub → client requests of the current session, and those of dead sessions whose answers must be dropped. */
  private readonly serverRequests = new Set<RequestId>();
  private readonly staleServerRequests = new Set<RequestId>();
  private readonly internal = new Map<string, (response: Response) => void>();
  private internalCounter = 0;
  private probing = false;
  private recovery?: Promise<void>;

  constructor(
    private readonly options: BridgeOptions,
    private readonly log: BridgeLog,
    private readonly toClient: (message: JSONRPCMessage) => Promise<void>,
  ) {}

  get state(): Phase {
    return this.phase;
  }

  /** A message from the client (stdin). */
  fromClient(message: JSONRPCMessage): void {
    if (this.phase === "closed") return;
    if (isRequest(message) && message.method === "initialize") {
      this.initialize = message;
      this.initialized = undefined;
      this.inflight.set(message.id, message.method);
      void this.establish(true);
      return;
    }
    if (isNotification(message) && message.method === "notifications/initialized") this.initialized = message;
    if (isRequest(message)) {
      this.inflight.set(message.id, message.method);
      this.remember(message);
    }
    if (isResponse(message)) {
      if (this.staleServerRequests.delete(message.id)) {
        this.log.debug(
          `dropped the answer to request ${String(message.id)} of a session that no longer exists`,
        );
        return;
      }
      this.serverRequests.delete(message.id);
    }
    this.queue.push(message);
    if (this.phase === "ready") this.pump();
    else if (this.phase === "down" && isRequest(message)) void this.recover("the client sent a request");
    else if (this.phase === "idle" && isRequest(message))
      this.failQueued("the client must send initialize first", -32600);
  }

  /** Ends the session on the hub (best effort) and stops forwarding. */
  async close(): Promise<void> {
    if (this.phase === "closed") return;
    this.phase = "closed";
    this.generation++;
    await this.link?.close({ terminate: true });
  }

  private remember(request: JSONRPCRequest): void {
    if (!STICKY.has(request.method)) return;
    if (request.method === "logging/setLevel") this.sticky.set(request.method, request);
    else {
      const uri = String((request.params as { uri?: unknown } | undefined)?.uri);
      this.sticky.delete(`resources/subscribe ${uri}`);
      if (request.method === "resources/subscribe") this.sticky.set(`resources/subscribe ${uri}`, request);
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // hub → client

  private fromHub(generation: number, message: JSONRPCMessage): void {
    if (generation !== this.generation || this.phase === "closed") return;
    if (isResponse(message)) {
      const waiter = typeof message.id === "string" ? this.internal.get(message.id) : undefined;
      if (waiter) return waiter(message);
      // Already answered with an error when its session died: a second answer would confuse the client.
      if (!this.inflight.delete(message.id)) return;
    } else if (isRequest(message)) this.serverRequests.add(message.id);
    void this.toClient(message);
  }

  private onHubError(generation: number, error: Error): void {
    if (generation !== this.generation) return;
    this.log.debug(`hub transport: ${describeError(error)}`);
    // A broken stream may mean a restarted hub; a ping tells whether our session still exists.
    void this.probe();
  }

  private async probe(): Promise<void> {
    if (this.phase !== "ready" || this.probing) return;
    this.probing = true;
    try {
      await this.request({ method: "ping" }, PROBE_TIMEOUT_MS);
    } catch (error) {
      if (this.phase === "ready")
        void this.recover(`the session stopped answering (${describeError(error)})`);
    } finally {
      this.probing = false;
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // client → hub

  /**
   * Sends queued messages without waiting for one another: a send resolves only when the hub has answered (a JSON
   * reply) or opened its stream, so awaiting each in turn would queue every request behind the slowest one.
   */
  private pump(): void {
    while (this.phase === "ready" && this.queue.length) {
      const message = this.queue.shift()!;
      const link = this.link!;
      link.send(message).catch((error: unknown) => this.sendFailed(message, link, error));
    }
  }

  private sendFailed(message: JSONRPCMessage, link: HubLink, error: unknown): void {
    const failure = classifySendError(error);
    if (link.generation !== this.generation) {
      // A recovery already replaced the link: a request it never received is worth a try in the new session.
      if (isRequest(message)) this.retryOrFail(message, failure, error);
      this.pump();
      return;
    }
    if (failure === "refused") {
      if (isRequest(message))
        this.answerError(message.id, -32603, `MCP Hub refused the request: ${describeError(error)}`);
      else this.log.warn(`MCP Hub refused a message: ${describeError(error)}`);
      return;
    }
    // Anything but a request belonged to the old session (answers to its requests, cancellations, progress). A
    // request queued again goes out once the new session is up (recover() leaves queued requests alone).
    if (isRequest(message)) this.retryOrFail(message, failure, error);
    void this.recover(`${failure}: ${describeError(error)}`);
  }

  /**
   * A request is worth one more try in the new session — unless the hub may already have run it: a tool call whose
   * connection broke after it went out is answered with an error, never run twice (tools have side effects).
   */
  private retryOrFail(message: JSONRPCRequest, failure: SendFailure, error: unknown): void {
    if (failure === "lost" && message.method === "tools/call")
      this.answerError(
        message.id,
        HUB_UNAVAILABLE,
        `MCP Hub went away while receiving tools/call; it may or may not have run (${describeError(error)})`,
      );
    else if (this.attempts.has(message))
      this.answerError(message.id, HUB_UNAVAILABLE, `MCP Hub unavailable: ${describeError(error)}`);
    else this.retry(message);
  }

  /** Queues a request to be sent once more; the caller pumps (or a reconnect will). */
  private retry(message: JSONRPCRequest): void {
    this.attempts.add(message);
    this.queue.unshift(message);
  }

  /** A request of the bridge's own, answered to the bridge and never to the client. */
  private request(
    body: { method: string; params?: JSONRPCRequest["params"] },
    timeoutMs: number,
    link = this.link,
  ): Promise<Response> {
    if (!link) return Promise.reject(new Error("no hub session"));
    const id = `${INTERNAL_PREFIX}${++this.internalCounter}`;
    return new Promise<Response>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.internal.delete(id);
        reject(new Error(`no answer to ${body.method} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.internal.set(id, (response) => {
        clearTimeout(timer);
        this.internal.delete(id);
        resolve(response);
      });
      link.send({ jsonrpc: "2.0", id, ...body } as JSONRPCRequest).catch((error: unknown) => {
        clearTimeout(timer);
        this.internal.delete(id);
        reject(toError(error));
      });
    });
  }

  // ---------------------------------------------------------------------------------------------------------------
  // sessions

  private recover(reason: string): Promise<void> {
    if (this.recovery || this.phase === "closed" || this.phase === "connecting")
      return this.recovery ?? Promise.resolve();
    this.log.warn(`lost the hub session (${reason}); reconnecting`);
    this.recovery = this.establish(false).finally(() => (this.recovery = undefined));
    return this.recovery;
  }

  /**
   * Opens a hub session with the client's initialize. First time: its answer goes to the client. After a loss:
   * the answer is the bridge's, and the client only hears that the lists changed.
   */
  private async establish(first: boolean): Promise<void> {
    const init = this.initialize;
    if (!init) return;
    this.phase = "connecting";
    const generation = ++this.generation;
    const old = this.link;
    this.link = undefined;
    // The old session is dead or (client re-initialized) unwanted; DELETE it without waiting.
    void old?.close({ terminate: true });
    if (!first) this.failRunning();
    const started = Date.now();
    const deadline = started + this.options.waitMs;
    try {
      const { link, result } = await this.handshake(init, generation, deadline);
      if (generation !== this.generation) return void link.close({ terminate: true });
      this.link = link;
      const { protocolVersion, capabilities } = result as {
        protocolVersion?: string;
        capabilities?: ServerCapabilities;
      };
      if (protocolVersion) link.setProtocolVersion(protocolVersion);
      if (first) {
        this.inflight.delete(init.id);
        this.phase = "ready";
        await this.toClient({ jsonrpc: "2.0", id: init.id, result } as JSONRPCMessage);
        this.log.info(`connected to ${this.options.url.href} in ${Date.now() - started} ms`);
      } else {
        if (this.initialized) await link.send(this.initialized);
        for (const request of this.sticky.values())
          await this.request({ method: request.method, params: request.params }, PROBE_TIMEOUT_MS, link);
        this.phase = "ready";
        this.log.info(`reconnected to the hub in ${Date.now() - started} ms (new session)`);
        await this.announceChanges(capabilities);
      }
      this.pump();
    } catch (error) {
      if (generation !== this.generation) return;
      this.phase = "down";
      const message =
        error instanceof GiveUp ? error.message : `MCP Hub unavailable: ${describeError(error)}`;
      this.log.error(message);
      if (first && this.inflight.delete(init.id)) this.answerError(init.id, HUB_UNAVAILABLE, message);
      this.failQueued(message, HUB_UNAVAILABLE);
    }
  }

  /** Sends initialize until the hub answers or the deadline passes; waits out a hub that is down or starting. */
  private async handshake(
    init: JSONRPCRequest,
    generation: number,
    deadline: number,
  ): Promise<{ link: HubLink; result: unknown }> {
    let lastProblem = "";
    for (let attempt = 1; ; attempt++) {
      if (generation !== this.generation) throw new Error("superseded");
      const token = await readToken(this.options);
      let problem: string;
      if (token.ok) {
        const link = new HubLink(this.options.url, this.headers(token.token), generation, {
          message: (m) => this.fromHub(generation, m),
          error: (e) => this.onHubError(generation, e),
        });
        await link.start();
        try {
          const response = await this.request(
            { method: "initialize", params: init.params },
            Math.max(1000, deadline - Date.now()),
            link,
          );
          if ("error" in response)
            throw new GiveUp(`MCP Hub refused initialize: ${JSON.stringify(response.error)}`);
          return { link, result: response.result };
        } catch (error) {
          await link.close({ terminate: false });
          if (error instanceof GiveUp) throw error;
          const failure = classifySendError(error);
          if (failure === "refused")
            throw new GiveUp(
              `MCP Hub at ${this.options.url.href} refused the connection: ${describeError(error)}`,
            );
          problem =
            failure === "unauthorized"
              ? "the hub rejected the token (rotated? re-reading it)"
              : `hub not reachable at ${this.options.url.href}: ${describeError(error)}`;
        }
      } else problem = token.reason;
      const left = deadline - Date.now();
      if (left <= 0)
        throw new GiveUp(`${problem}; gave up after ${Math.round(this.options.waitMs / 1000)} s`);
      if (problem !== lastProblem || attempt === 1)
        this.log.warn(`${problem}; retrying for up to ${Math.ceil(left / 1000)} s`);
      lastProblem = problem;
      const delay = backoffDelay(attempt - 1, RETRY_BACKOFF);
      await new Promise((resolve) => setTimeout(resolve, Math.min(delay, left)));
    }
  }

  private headers(token: string): Record<string, string> {
    return {
      authorization: `Bearer ${token}`,
      ...(this.options.client ? { "x-mcp-hub-client": this.options.client } : {}),
    };
  }

  /** The new session may have other tools (servers restarted or changed): tell the client to list again. */
  private async announceChanges(capabilities: ServerCapabilities | undefined): Promise<void> {
    const lists = [
      ["tools", capabilities?.tools?.listChanged],
      ["prompts", capabilities?.prompts?.listChanged],
      ["resources", capabilities?.resources?.listChanged],
    ] as const;
    for (const [list, supported] of lists)
      if (supported) await this.toClient({ jsonrpc: "2.0", method: `notifications/${list}/list_changed` });
  }

  /** Requests the dead session was running get an error now; requests it never received stay queued. */
  private failRunning(): void {
    const queued = new Set(this.queue.filter(isRequest).map((m) => m.id));
    for (const [id, method] of this.inflight) {
      if (queued.has(id) || id === this.initialize?.id) continue;
      this.inflight.delete(id);
      this.answerError(
        id,
        HUB_UNAVAILABLE,
        `MCP Hub restarted or became unreachable while ${method} was running; it may or may not have completed`,
      );
    }
    for (const id of this.serverRequests) this.staleServerRequests.add(id);
    this.serverRequests.clear();
  }

  private failQueued(message: string, code: number): void {
    for (const queued of this.queue.splice(0))
      if (isRequest(queued) && this.inflight.delete(queued.id)) this.answerError(queued.id, code, message);
  }

  private answerError(id: RequestId, code: number, message: string): void {
    this.inflight.delete(id);
    void this.toClient({ jsonrpc: "2.0", id, error: { code, message } });
  }
}

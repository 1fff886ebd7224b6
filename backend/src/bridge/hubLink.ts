import {
  StreamableHTTPClientTransport,
  StreamableHTTPError,
} from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import { errorMessage } from "../errors/index.js";

/**
 * One upstream session with the hub: a Streamable HTTP client transport whose events carry the generation they
 * belong to. A hub restart invalidates the session; the bridge then builds a new HubLink and ignores anything the
 * old one still reports.
 */
export interface HubLinkEvents {
  message(message: JSONRPCMessage): void;
  error(error: Error): void;
}

export class HubLink {
  private readonly transport: StreamableHTTPClientTransport;
  private closed = false;

  constructor(
    url: URL,
    headers: Record<string, string>,
    readonly generation: number,
    events: HubLinkEvents,
  ) {
    this.transport = new StreamableHTTPClientTransport(url, {
      requestInit: { headers },
      // The GET stream's own reconnects only help while the session lives; the bridge decides about the rest.
      reconnectionOptions: {
        initialReconnectionDelay: 500,
        maxReconnectionDelay: 2000,
        reconnectionDelayGrowFactor: 2,
        maxRetries: 2,
      },
    });
    this.transport.onmessage = (message) => {
      if (!this.closed) events.message(message);
    };
    this.transport.onerror = (error) => {
      if (!this.closed) events.error(error);
    };
  }

  async start(): Promise<void> {
    await this.transport.start();
  }

  /** Resolves once the hub accepted the message (for requests: once the response stream is open). */
  send(message: JSONRPCMessage): Promise<void> {
    return this.transport.send(message);
  }

  setProtocolVersion(version: string): void {
    this.transport.setProtocolVersion(version);
  }

  get sessionId(): string | undefined {
    return this.transport.sessionId;
  }

  /** Ends the session on the hub (DELETE, best effort, bounded) and aborts every open stream. */
  async close(options: { terminate: boolean; timeoutMs?: number }): Promise<void> {
    if (this.closed) return;
    if (options.terminate && this.transport.sessionId) {
      const timeout = new Promise<void>((resolve) => setTimeout(resolve, options.timeoutMs ?? 1000).unref());
      await Promise.race([this.transport.terminateSession().catch(() => undefined), timeout]);
    }
    this.closed = true;
    await this.transport.close().catch(() => undefined);
  }
}

/** What a failed send means for the session. */
export type SendFailure =
  /** The hub no longer knows our session (it restarted): re-initialize. */
  | "session-lost"
  /** The request never reached the hub (connection refused, DNS gone while it restarts): wait, re-initialize. */
  | "unreachable"
  /** The connection broke after the request went out: the hub may have received it. Wait, re-initialize. */
  | "lost"
  /** The token is wrong (rotated?): read it again and re-initialize. */
  | "unauthorized"
  /** The hub refused this message (bad request, too large, forbidden Host): report it, keep the session. */
  | "refused";

export function classifySendError(error: unknown): SendFailure {
  if (error instanceof StreamableHTTPError) {
    if (error.code === 404) return "session-lost";
    if (error.code === 401) return "unauthorized";
    if (error.code === 502 || error.code === 503 || error.code === 504) return "unreachable";
    return "refused";
  }
  // fetch() rejects with TypeError("fetch failed", { cause: ECONNREFUSED | ENOTFOUND | ECONNRESET | … }).
  const code = (error as { cause?: { code?: string } }).cause?.code;
  return code !== undefined && NEVER_CONNECTED.has(code) ? "unreachable" : "lost";
}

/** Failures of the connect itself: no byte of the request reached the hub. */
const NEVER_CONNECTED = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "UND_ERR_CONNECT_TIMEOUT",
]);

export function describeError(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } } | null | undefined)?.cause;
  const detail = cause?.code ?? cause?.message;
  return detail ? `${errorMessage(error)} (${detail})` : errorMessage(error);
}

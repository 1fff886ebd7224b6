import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { Transport, TransportSendOptions } from "@modelcontextprotocol/sdk/shared/transport.js";
import type { JSONRPCMessage, MessageExtraInfo } from "@modelcontextprotocol/sdk/types.js";
import { toError } from "../errors/index.js";
import { RelayRequests } from "./relayRequests.js";

/**
 * A downstream transport whose messages reach the SDK one microtask apart, in order, with the close after them.
 * The SDK handles a notification a microtask after it arrives but a response at once, so a progress notification
 * read in the same chunk as its call's result (stdio line batch, SSE chunk) would otherwise reach a progress handler
 * the result has already removed — and be lost; and a close right behind a response would fail the call.
 * Responses to `relay`'s requests take the same queue, so they keep their place among the server's other messages.
 */
export class OrderedTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage, extra?: MessageExtraInfo) => void;

  /** Pass-through requests sent beside the SDK Client on this connection (relayRequests.ts). */
  readonly relay = new RelayRequests((message) => this.inner.send(message));
  private delivery: Promise<void> = Promise.resolve();

  constructor(readonly inner: Transport) {
    inner.onmessage = (message, extra) =>
      this.enqueue(() =>
        this.relay.owns(message) ? this.relay.settle(message) : this.onmessage?.(message, extra),
      );
    inner.onclose = () =>
      this.enqueue(() => {
        this.relay.close();
        this.onclose?.();
      });
    inner.onerror = (error) => this.onerror?.(error);
  }

  get sessionId(): string | undefined {
    return this.inner.sessionId;
  }

  setProtocolVersion(version: string): void {
    this.inner.setProtocolVersion?.(version);
  }

  start(): Promise<void> {
    return this.inner.start();
  }

  send(message: JSONRPCMessage, options?: TransportSendOptions): Promise<void> {
    return this.inner.send(message, options);
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  private enqueue(step: () => void): void {
    this.delivery = this.delivery.then(() => {
      try {
        step();
      } catch (error) {
        // A throwing handler must not stop the messages behind it.
        this.onerror?.(toError(error));
      }
    });
  }
}

/** The pass-through requests of a client connected over an OrderedTransport (every downstream client is). */
export function relayOf(client: Client): RelayRequests | undefined {
  return client.transport instanceof OrderedTransport ? client.transport.relay : undefined;
}

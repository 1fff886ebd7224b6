import type { Transport, TransportSendOptions } from "@modelcontextprotocol/sdk/shared/transport.js";
import type { JSONRPCMessage, MessageExtraInfo } from "@modelcontextprotocol/sdk/types.js";

/**
 * A downstream transport whose messages reach the SDK one microtask apart, in order, with the close after them.
 * The SDK handles a notification a microtask after it arrives but a response at once, so a progress notification
 * read in the same chunk as its call's result (stdio line batch, SSE chunk) would otherwise reach a progress handler
 * the result has already removed — and be lost; and a close right behind a response would fail the call.
 */
export class OrderedTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage, extra?: MessageExtraInfo) => void;

  private delivery: Promise<void> = Promise.resolve();

  constructor(readonly inner: Transport) {
    inner.onmessage = (message, extra) => this.enqueue(() => this.onmessage?.(message, extra));
    inner.onclose = () => this.enqueue(() => this.onclose?.());
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
        this.onerror?.(error instanceof Error ? error : new Error(String(error)));
      }
    });
  }
}

import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import { toError } from "../errors/index.js";
import { parseJsonRpcLine } from "../jsonrpc/index.js";
import type { StdioStreams } from "../runtime/index.js";
import { LineSplitter } from "./lineSplitter.js";
import type { LogRing } from "./logRing.js";

/**
 * An SDK Transport over a container's attached (or exec'd) stdio: newline-delimited JSON-RPC on stdout/stdin,
 * stderr into the server's log ring. It closes when stdout ends (the process or the connection died). Like every
 * downstream transport it is used through OrderedTransport (connection.ts).
 */
export class ContainerStdioTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;

  private readonly lines = new LineSplitter();
  private closed = false;
  /** Messages sent after the first of this turn of the event loop, written together when it ends (see send). */
  private outbox: string[] = [];
  private outboxSenders: Array<(error?: Error | null) => void> = [];
  private turnOpen = false;

  constructor(
    private readonly streams: StdioStreams,
    private readonly stderr?: LogRing,
  ) {}

  async start(): Promise<void> {
    const { stdout, stderr } = this.streams;
    stdout.on("data", (chunk: Buffer) => this.lines.push(chunk, (line) => this.receive(line)));
    stdout.on("end", () => this.finish());
    stdout.on("close", () => this.finish());
    stdout.on("error", (error: Error) => this.onerror?.(error));
    stderr.on("data", (chunk: Buffer) => this.stderr?.push(chunk));
    // Nobody else reads stderr: without a consumer it would fill and stall the demuxer.
    if (!this.stderr) stderr.resume();
  }

  private receive(line: string): void {
    let message: JSONRPCMessage;
    try {
      message = parseJsonRpcLine(line);
    } catch (error) {
      // A non-JSON line (a server logging to stdout) is reported, not fatal.
      this.onerror?.(toError(error));
      return;
    }
    this.onmessage?.(message);
  }

  /**
   * Batched per turn of the event loop: the first message of a turn is written at once (a lone call waits for
   * nothing), and the ones sent after it in the same turn (under load, the other calls that arrived in that poll
   * phase) go out together when the turn ends. dockerd, the shim and the server then handle one chunk instead of one
   * per message, and those three were most of a call's cost outside the hub.
   */
  send(message: JSONRPCMessage): Promise<void> {
    if (this.closed) return Promise.reject(new Error("the container stdio connection is closed"));
    return new Promise((resolve, reject) => {
      const line = `${JSON.stringify(message)}\n`;
      const settle = (error?: Error | null) => (error ? reject(error) : resolve());
      if (!this.turnOpen) {
        this.turnOpen = true;
        setImmediate(() => this.flush());
        this.streams.stdin.write(line, settle);
        return;
      }
      this.outbox.push(line);
      this.outboxSenders.push(settle);
    });
  }

  private flush(): void {
    this.turnOpen = false;
    if (this.outbox.length === 0) return; // close() flushed it already
    const data = this.outbox.join("");
    const senders = this.outboxSenders;
    this.outbox = [];
    this.outboxSenders = [];
    if (this.closed) {
      const error = new Error("the container stdio connection is closed");
      for (const settle of senders) settle(error);
      return;
    }
    this.streams.stdin.write(data, (error) => {
      for (const settle of senders) settle(error);
    });
  }

  async close(): Promise<void> {
    // What was sent before close still goes out (a cancellation just before a session ends, say).
    if (this.outbox.length > 0 && !this.closed) this.flush();
    this.streams.close();
    this.finish();
  }

  private finish(): void {
    if (this.closed) return;
    this.closed = true;
    this.lines.clear();
    this.onclose?.();
  }
}

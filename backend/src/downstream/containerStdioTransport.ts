import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
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
      this.onerror?.(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    this.onmessage?.(message);
  }

  send(message: JSONRPCMessage): Promise<void> {
    if (this.closed) return Promise.reject(new Error("the container stdio connection is closed"));
    return new Promise((resolve, reject) => {
      this.streams.stdin.write(`${JSON.stringify(message)}\n`, (error) =>
        error ? reject(error) : resolve(),
      );
    });
  }

  async close(): Promise<void> {
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

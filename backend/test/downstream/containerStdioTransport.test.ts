import { PassThrough, Writable } from "node:stream";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { ListToolsRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import { describe, expect, it, vi } from "vitest";
import { ContainerStdioTransport, LogRing } from "../../src/downstream/index.js";

/** A real SDK server on the far side of three pipes, as a container's stdio would be. */
function pipes() {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const server = new Server({ name: "pipe", version: "1" }, { capabilities: { tools: {} } });
  server.setRequestHandler(ListToolsRequestSchema, async () => ({
    tools: [{ name: "t", inputSchema: { type: "object" as const } }],
  }));
  void server.connect(new StdioServerTransport(stdin, stdout));
  const close = vi.fn(() => stdout.end());
  return { streams: { stdin, stdout, stderr, close }, stderr, stdout, close };
}

/** A transport over `stdin` and a fresh stdout the test can end. */
function over(stdin: Writable, stdout = new PassThrough()) {
  return new ContainerStdioTransport({ stdin, stdout, stderr: new PassThrough(), close: () => undefined });
}

/** A stdin that records each chunk it is handed, or fails every write with `error`. */
function stdinInto(chunks: string[], error?: Error) {
  const stdin = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      if (error) return callback(error);
      chunks.push(chunk.toString());
      callback();
    },
  });
  stdin.on("error", () => undefined);
  return stdin;
}

describe("ContainerStdioTransport", () => {
  it("carries MCP both ways and sends stderr to the ring", async () => {
    const { streams, stderr } = pipes();
    const ring = new LogRing();
    const client = new Client({ name: "c", version: "1" });
    await client.connect(new ContainerStdioTransport(streams, ring));
    expect((await client.listTools()).tools.map((t) => t.name)).toEqual(["t"]);
    stderr.write("boom happened\n");
    await vi.waitFor(() => expect(ring.lines()).toEqual(["boom happened"]));
    await client.close();
    expect(streams.close).toHaveBeenCalled();
  });

  it("closes when stdout ends, and then refuses to send", async () => {
    const { streams, stdout } = pipes();
    const transport = new ContainerStdioTransport(streams);
    const onclose = vi.fn();
    transport.onclose = onclose;
    await transport.start();
    stdout.end();
    await vi.waitFor(() => expect(onclose).toHaveBeenCalledTimes(1));
    await expect(transport.send({ jsonrpc: "2.0", method: "ping", id: 1 })).rejects.toThrow(/closed/);
  });

  it("reports a non-JSON stdout line as an error without closing", async () => {
    const { streams, stdout } = pipes();
    const transport = new ContainerStdioTransport(streams);
    const onerror = vi.fn();
    const onmessage = vi.fn();
    transport.onerror = onerror;
    transport.onmessage = onmessage;
    await transport.start();
    stdout.write('not json\n{"jsonrpc":"2.0","method":"notifications/x"}\n');
    await vi.waitFor(() => expect(onmessage).toHaveBeenCalledTimes(1));
    expect(onerror).toHaveBeenCalledTimes(1);
  });

  it("writes the first message of a turn at once and the rest of that turn as one chunk, in order", async () => {
    const chunks: string[] = [];
    const transport = over(stdinInto(chunks));
    await transport.start();
    await Promise.all([1, 2, 3].map((id) => transport.send({ jsonrpc: "2.0", method: "ping", id })));
    const line = (id: number) => `{"jsonrpc":"2.0","method":"ping","id":${id}}\n`;
    expect(chunks).toEqual([line(1), line(2) + line(3)]);
    await transport.send({ jsonrpc: "2.0", method: "ping", id: 4 });
    expect(chunks).toEqual([line(1), line(2) + line(3), line(4)]);
  });

  it("fails the messages whose write fails, the batched ones too", async () => {
    const transport = over(stdinInto([], new Error("EPIPE")));
    await transport.start();
    const sent = [1, 2, 3].map((id) => transport.send({ jsonrpc: "2.0", method: "ping", id }));
    await expect(sent[0]).rejects.toThrow(/EPIPE/);
    // The failed write destroyed the stream; the batch behind it fails on that.
    await expect(sent[1]).rejects.toThrow(/destroyed/);
    await expect(sent[2]).rejects.toThrow(/destroyed/);
  });

  it("writes what was sent before close(), and fails what the connection's end overtook", async () => {
    const written: string[] = [];
    const closing = over(stdinInto(written));
    await closing.start();
    const ping = { jsonrpc: "2.0" as const, method: "ping", id: 1 };
    const cancelled = {
      jsonrpc: "2.0" as const,
      method: "notifications/cancelled",
      params: { requestId: 1 },
    };
    const beforeClose = [closing.send(ping), closing.send(cancelled)];
    await closing.close();
    await Promise.all(beforeClose);
    expect(written).toEqual([`${JSON.stringify(ping)}\n`, `${JSON.stringify(cancelled)}\n`]);

    const stdout = new PassThrough();
    const ended = over(stdinInto(written), stdout);
    await ended.start();
    const first = ended.send({ jsonrpc: "2.0", method: "ping", id: 2 });
    const overtaken = ended.send({ jsonrpc: "2.0", method: "ping", id: 3 });
    stdout.end();
    await first;
    await expect(overtaken).rejects.toThrow(/closed/);
    expect(written.slice(2)).toEqual([`{"jsonrpc":"2.0","method":"ping","id":2}\n`]);
  });
});

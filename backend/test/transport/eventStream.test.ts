import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import {
  commentFrame,
  eventFrame,
  jsonEvent,
  messageEvent,
  openEventStream,
  type OpenEventStreamOptions,
} from "../../src/transport/eventStream.js";

describe("event frames", () => {
  it("write the fields in the SDK's order, each on its own line, ending with a blank line", () => {
    expect(eventFrame({ event: "message", id: "7", data: '{"a":1}' })).toBe(
      'event: message\nid: 7\ndata: {"a":1}\n\n',
    );
    // The 2025-11-25 priming event, exactly as the SDK's transport writes it.
    expect(eventFrame({ id: "s_1", retry: 1000, data: "" })).toBe("id: s_1\nretry: 1000\ndata: \n\n");
    expect(eventFrame({ data: "1" })).toBe("data: 1\n\n");
  });

  it("carry a JSON-RPC message as a message event, and REST events as named JSON", () => {
    const ping = { jsonrpc: "2.0" as const, id: 1, method: "ping" };
    expect(messageEvent(ping)).toBe(`event: message\ndata: ${JSON.stringify(ping)}\n\n`);
    expect(messageEvent(ping, "e1")).toBe(`event: message\nid: e1\ndata: ${JSON.stringify(ping)}\n\n`);
    expect(jsonEvent("status", { text: "two\nlines" })).toBe(
      'event: status\ndata: {"text":"two\\nlines"}\n\n',
    );
    expect(commentFrame("heartbeat")).toBe(": heartbeat\n\n");
  });
});

describe("openEventStream", () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await close?.();
    close = undefined;
  });

  /**
   * A server whose one answer is an event stream opened with `options`, after a header set the way helmet sets
   * its own, then one frame. Reports how many writes reached the socket.
   */
  async function serve(options: OpenEventStreamOptions) {
    let socketWrites = 0;
    const server = createServer((_req, res: ServerResponse) => {
      const socket = res.socket!;
      const write = socket.write.bind(socket) as (...args: unknown[]) => boolean;
      socket.write = ((...args: unknown[]) => {
        socketWrites++;
        return write(...args);
      }) as typeof socket.write;
      res.setHeader("x-content-type-options", "nosniff");
      openEventStream(res, options);
      res.end(jsonEvent("hello", { n: 1 }));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    close = () => new Promise<void>((resolve) => server.close(() => resolve()));
    const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    const body = await res.text();
    return { res, body, socketWrites };
  }

  it("answers 200 with one head for every stream, keeping headers set before it", async () => {
    const { res, body } = await serve({ headers: { "mcp-session-id": "s1" } });
    expect(res.status).toBe(200);
    expect(Object.fromEntries(res.headers)).toMatchObject({
      "content-type": "text/event-stream",
      "cache-control": "no-cache, no-transform",
      connection: "keep-alive",
      "x-accel-buffering": "no",
      "mcp-session-id": "s1",
      "x-content-type-options": "nosniff",
    });
    expect(body).toBe('event: hello\ndata: {"n":1}\n\n');
  });

  it("answers with the status it is given (a relayed stream keeps the agent's)", async () => {
    const { res, body } = await serve({ status: 202 });
    expect(res.status).toBe(202);
    expect(res.headers.get("content-type")).toBe("text/event-stream");
    expect(body).toBe('event: hello\ndata: {"n":1}\n\n');
  });

  it("sends the head alone at once, or with the next frame in one write when told a frame follows", async () => {
    const flushed = await serve({});
    const withFrame = await serve({ flush: false });
    expect(withFrame.body).toBe(flushed.body);
    expect(flushed.socketWrites - withFrame.socketWrites).toBe(1);
  });
});

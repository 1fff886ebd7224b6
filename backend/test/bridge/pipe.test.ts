import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createBridgeLog } from "../../src/bridge/log.js";
import { BridgePipe, HUB_UNAVAILABLE } from "../../src/bridge/pipe.js";

interface Rpc {
  jsonrpc: "2.0";
  id?: number | string;
  method?: string;
}

/**
 * A stand-in hub whose connection drops right after it has read a request, as when the hub dies while handling it;
 * `dropOnce` names the methods that get that treatment on their first arrival.
 */
async function startDroppingHub(dropOnce: Set<string>) {
  const received: string[] = [];
  let sessions = 0;
  const answer = (
    res: ServerResponse,
    status: number,
    body?: unknown,
    headers: Record<string, string> = {},
  ) =>
    res
      .writeHead(status, body === undefined ? headers : { "content-type": "application/json", ...headers })
      .end(body === undefined ? undefined : JSON.stringify(body));
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (req.method === "GET") return answer(res, 405); // no standalone stream
    if (req.method === "DELETE") return answer(res, 200);
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const message = JSON.parse(Buffer.concat(chunks).toString()) as Rpc;
      received.push(message.method ?? "response");
      if (message.method && dropOnce.delete(message.method)) return req.socket.destroy();
      if (message.id === undefined) return answer(res, 202);
      const reply = (result: unknown, headers?: Record<string, string>) =>
        answer(res, 200, { jsonrpc: "2.0", id: message.id, result }, headers);
      if (message.method === "initialize")
        return reply(
          {
            protocolVersion: "2025-11-25",
            capabilities: { tools: {} },
            serverInfo: { name: "dropping-hub", version: "1" },
          },
          { "mcp-session-id": `s${++sessions}` },
        );
      if (message.method === "tools/list") return reply({ tools: [] });
      return reply({});
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: new URL(`http://127.0.0.1:${port}/mcp`),
    received,
    sessions: () => sessions,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

let cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.map((c) => c()));
  cleanups = [];
});

async function bridgeTo(hub: Awaited<ReturnType<typeof startDroppingHub>>) {
  const toClient: JSONRPCMessage[] = [];
  const pipe = new BridgePipe(
    { url: hub.url, token: "t", tokenFile: "/nonexistent", waitMs: 5000, logLevel: "error" },
    createBridgeLog({ level: "error", write: () => undefined }),
    async (message) => void toClient.push(message),
  );
  cleanups.push(() => pipe.close());
  const answerTo = (id: number) =>
    vi.waitFor(
      () => {
        const found = toClient.find((m) => "id" in m && m.id === id);
        if (!found) throw new Error(`no answer to ${id} yet`);
        return found as JSONRPCMessage & { result?: unknown; error?: { code: number; message: string } };
      },
      { timeout: 5000 },
    );
  pipe.fromClient({
    jsonrpc: "2.0",
    id: 1,
    method: "initialize",
    params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "c", version: "1" } },
  });
  await answerTo(1);
  pipe.fromClient({ jsonrpc: "2.0", method: "notifications/initialized" });
  return { pipe, answerTo };
}

describe("bridge pipe when the hub's connection breaks after a request went out", () => {
  it("answers a tool call with an error instead of running it again, and recovers the session", async () => {
    const hub = await startDroppingHub(new Set(["tools/call"]));
    cleanups.push(hub.close);
    const { pipe, answerTo } = await bridgeTo(hub);

    pipe.fromClient({
      jsonrpc: "2.0",
      id: 2,
      method: "tools/call",
      params: { name: "fx__write", arguments: {} },
    });
    const failed = await answerTo(2);
    expect(failed.error?.code).toBe(HUB_UNAVAILABLE);
    expect(failed.error?.message).toMatch(/may or may not have run/);

    pipe.fromClient({ jsonrpc: "2.0", id: 3, method: "tools/list" });
    expect((await answerTo(3)).result).toEqual({ tools: [] });
    expect(hub.sessions()).toBe(2); // the session was re-established
    expect(hub.received.filter((m) => m === "tools/call")).toHaveLength(1); // never sent twice
  });

  it("sends a read-only request once more in the new session", async () => {
    const hub = await startDroppingHub(new Set(["tools/list"]));
    cleanups.push(hub.close);
    const { pipe, answerTo } = await bridgeTo(hub);

    pipe.fromClient({ jsonrpc: "2.0", id: 2, method: "tools/list" });
    const answer = await answerTo(2);
    expect(answer, JSON.stringify(answer)).toMatchObject({ result: { tools: [] } });
    expect(hub.received.filter((m) => m === "tools/list")).toHaveLength(2);
    expect(hub.sessions()).toBe(2);
  });
});

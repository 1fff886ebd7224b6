/**
 * One SDK `Server` over one SessionTransport on node:http (port 0): the unit-test bed for the transport. The
 * host routes every request to its single transport, so the transport's own session checks are what answer.
 */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { createSessionEventStore } from "../../src/transport/eventStore.js";
import { SessionTransport } from "../../src/transport/sessionTransport.js";
import { ScriptedTool, scriptedServer, text } from "../support/differential.js";

export interface SessionHost {
  url: string;
  transport: SessionTransport;
  /** Session ids announced through onsessioninitialized. */
  initialized: string[];
  errors: Error[];
  /** Responses whose client hung up before the body was complete. */
  abandoned: number;
  closed: boolean;
  /** Resolves the pending `hold` calls. */
  release(): void;
  close(): Promise<void>;
}

/** The scripted tools (echo, progress, sample, announce…), and this bed's own. */
function createToolServer(host: { release: Promise<void> }): Server {
  return scriptedServer(new ScriptedTool(), {
    async hold(extra) {
      await host.release;
      await extra.sendNotification({
        method: "notifications/message",
        params: { level: "info", data: "late" },
      });
      return text("released");
    },
    async reconnect(extra) {
      extra.closeSSEStream?.();
      await host.release;
      return text("after reconnect");
    },
    async whoami({ requestInfo: info }) {
      return text(JSON.stringify({ probe: info?.headers["x-probe"], path: info?.url?.pathname }));
    },
  });
}

export async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks).toString("utf8");
  return raw === "" ? undefined : JSON.parse(raw);
}

export async function startSessionHost(
  options: { resumable?: boolean; holdMs?: number } = {},
): Promise<SessionHost> {
  let release!: () => void;
  const gate = { release: new Promise<void>((resolve) => (release = resolve)) };
  const server = createToolServer(gate);
  const transport = new SessionTransport({
    sessionIdGenerator: () => randomUUID(),
    onsessioninitialized: (id) => void state.initialized.push(id),
    holdMs: options.holdMs,
    ...(options.resumable ? { eventStore: createSessionEventStore(), retryInterval: 500 } : {}),
  });
  await server.connect(transport);
  // After connect: the SDK Server chains its own handlers, and these only observe.
  const onclose = transport.onclose;
  transport.onclose = () => {
    state.closed = true;
    onclose?.();
  };
  const onerror = transport.onerror;
  transport.onerror = (error) => {
    state.errors.push(error);
    onerror?.(error);
  };

  const http = createServer((req, res) => {
    res.on("close", () => {
      if (!res.writableFinished) state.abandoned++;
    });
    const body = req.method === "POST" ? readBody(req) : Promise.resolve(undefined);
    void body.then((parsed) => transport.handleRequest(req, res, parsed));
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const { port } = http.address() as AddressInfo;

  const state: SessionHost = {
    url: `http://127.0.0.1:${port}/mcp`,
    transport,
    initialized: [],
    errors: [],
    abandoned: 0,
    closed: false,
    release,
    async close() {
      release();
      await server.close();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
  return state;
}

import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { CallToolRequestSchema, ListToolsRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import { SessionTransport } from "../src/transport/sessionTransport.js";

type T = { handleRequest(req: IncomingMessage, res: ServerResponse, body?: unknown): Promise<void>; sessionId?: string };
const tools = Array.from({ length: 300 }, (_, i) => ({ name: `t${i}`, description: "a tool ".repeat(10), inputSchema: { type: "object" as const, properties: { text: { type: "string" } } } }));

async function host(kind: "sdk" | "node") {
  const sessions = new Map<string, T>();
  const http = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString();
    const body = raw ? JSON.parse(raw) : undefined;
    const sid = req.headers["mcp-session-id"] as string | undefined;
    let t = sid ? sessions.get(sid) : undefined;
    if (!t) {
      const server = new Server({ name: "ab", version: "1" }, { capabilities: { tools: {} } });
      server.setRequestHandler(ListToolsRequestSchema, () => ({ tools }));
      server.setRequestHandler(CallToolRequestSchema, (r) => ({ content: [{ type: "text", text: String(r.params.arguments?.text) }] }));
      const opts = { sessionIdGenerator: () => randomUUID(), onsessioninitialized: (id: string) => void sessions.set(id, t!) };
      t = kind === "sdk" ? new StreamableHTTPServerTransport(opts) : new SessionTransport(opts);
      await server.connect(t as never);
    }
    await t.handleRequest(req, res, body);
  });
  await new Promise<void>((r) => http.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}/mcp`;
  const client = new Client({ name: "c", version: "1" });
  await client.connect(new StreamableHTTPClientTransport(new URL(url)));
  return { client, close: async () => { await client.close(); http.closeAllConnections(); http.close(); } };
}
const pct = (xs: number[], p: number) => xs.slice().sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
async function seq(fn: () => Promise<unknown>, n: number) {
  const lat: number[] = [];
  for (let i = 0; i < n; i++) { const s = performance.now(); await fn(); lat.push(performance.now() - s); }
  return lat;
}
async function conc(fn: () => Promise<unknown>, n: number, k: number) {
  const s = performance.now(); let i = 0;
  await Promise.all(Array.from({ length: k }, async () => { while (i++ < n) await fn(); }));
  return n / ((performance.now() - s) / 1000);
}
const N = Number(process.env.N ?? 1000);
const res: Record<string, { call: number[]; list: number[]; rps: number[] }> = { sdk: { call: [], list: [], rps: [] }, node: { call: [], list: [], rps: [] } };
for (let round = 0; round < 3; round++)
  for (const kind of ["sdk", "node"] as const) {
    const h = await host(kind);
    const call = () => h.client.callTool({ name: "t1", arguments: { text: "ping" } });
    await seq(call, 100);
    res[kind].call.push(...(await seq(call, N)));
    res[kind].list.push(...(await seq(() => h.client.listTools(), N / 5)));
    res[kind].rps.push(await conc(call, N, 32));
    await h.close();
  }
for (const k of ["sdk", "node"] as const) {
  const r = res[k];
  console.log(`${k}: tools/call p50 ${pct(r.call, 50).toFixed(3)} p90 ${pct(r.call, 90).toFixed(3)} p99 ${pct(r.call, 99).toFixed(3)} ms | tools/list(300) p50 ${pct(r.list, 50).toFixed(3)} p99 ${pct(r.list, 99).toFixed(3)} | @32 ${r.rps.map((x) => Math.round(x)).join("/")} calls/s`);
}

import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { connectStreamableHttp, type ConnectedClient } from "../support/mcpClient.js";
import { TEST_IMAGES } from "../support/images.js";
import { startTestHub, type TestHub } from "../hub/hubKit.js";

interface SseEvent {
  event: string;
  data: unknown;
}

/** Reads /api/events until `until` accepts an event (or the deadline passes); returns everything read. */
async function readEvents(
  hub: TestHub,
  until: (e: SseEvent) => boolean,
  options: { timeoutMs?: number; onOpen?: () => Promise<unknown> } = {},
): Promise<SseEvent[]> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs ?? 30_000);
  const seen: SseEvent[] = [];
  try {
    const res = await fetch(`${hub.url}/api/events`, {
      headers: { authorization: `Bearer ${hub.token}`, accept: "text/event-stream" },
      signal: controller.signal,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/text\/event-stream/);
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = "";
    let opened = false;
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return seen;
      buffer += value;
      let end: number;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (!event || data === undefined) continue;
        const parsed = { event, data: JSON.parse(data) as unknown };
        seen.push(parsed);
        if (!opened && event === "hello") {
          opened = true;
          await options.onOpen?.();
        }
        if (until(parsed)) return seen;
      }
    }
  } catch (error) {
    if (controller.signal.aborted) return seen;
    throw error;
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
}

function sample(metrics: string, name: string, labels: Record<string, string>): number | undefined {
  for (const line of metrics.split("\n")) {
    if (!line.startsWith(`${name}{`)) continue;
    const body = line.slice(name.length + 1, line.lastIndexOf("}"));
    const pairs = Object.fromEntries([...body.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([k, v]) => pairs[k] === v))
      return Number(line.slice(line.lastIndexOf(" ") + 1));
  }
  return undefined;
}

/** The live event stream and the Prometheus metrics. */
describe.skipIf(!inject("mcpHubTestDocker"))("events and metrics of the hub container", () => {
  let hub: TestHub;
  let c: ConnectedClient;

  beforeAll(async () => {
    hub = await startTestHub();
    await hub.addServer({ name: "fx", kind: "image", image: TEST_IMAGES.fixture });
    c = await connectStreamableHttp(`${hub.url}/mcp`, { token: hub.token });
  });

  afterAll(async () => {
    await c?.close();
    await hub?.dispose();
  });

  it("streams a status event when a server restarts", async () => {
    const events = await readEvents(
      hub,
      (e) => e.event === "status" && (e.data as { name: string; state: string }).state === "ready",
      { onOpen: () => hub.api("POST", "/servers/fx/restart") },
    );
    expect(events[0]?.event).toBe("hello");
    const states = events
      .filter((e) => e.event === "status" && (e.data as { name: string }).name === "fx")
      .map((e) => (e.data as { state: string }).state);
    expect(states).toContain("restarting");
    expect(states.at(-1)).toBe("ready");
  });

  it("exposes calls, latency, sessions, restarts and the breaker", async () => {
    for (let i = 0; i < 3; i++) await c.client.callTool({ name: "fx__echo", arguments: { text: "m" } });
    await c.client.callTool({ name: "fx__sample", arguments: { prompt: "x" } }).catch(() => undefined);
    const res = await fetch(`${hub.url}/metrics`);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(sample(text, "mcp_hub_calls_total", { server: "fx", tool: "echo", outcome: "ok" })).toBe(3);
    expect(sample(text, "mcp_hub_calls_total", { server: "fx", tool: "sample", outcome: "error" })).toBe(1);
    expect(text).toContain("# TYPE mcp_hub_call_duration_seconds histogram");
    expect(sample(text, "mcp_hub_call_duration_seconds_count", { server: "fx" })).toBe(4);
    expect(sample(text, "mcp_hub_call_duration_seconds_bucket", { server: "fx", le: "+Inf" })).toBe(4);
    expect(sample(text, "mcp_hub_sessions", { transport: "streamable-http" })).toBeGreaterThanOrEqual(1);
    // The restart in the test above.
    expect(sample(text, "mcp_hub_server_restarts_total", { server: "fx" })).toBeGreaterThanOrEqual(1);
    expect(sample(text, "mcp_hub_breaker_open", { server: "fx" })).toBe(0);
    expect(sample(text, "mcp_hub_server_up", { server: "fx" })).toBe(1);
  });
});

/**
 * The conformance tool's server-sse-polling scenario (SEP-1699) as a 2025-11-25 client would meet it. The tool
 * (0.1.13) sends `mcp-protocol-version: 2025-03-26`, for which SDK servers write no priming event, so it cannot
 * grade resumability at all; this does, with raw fetch so every SSE field is visible.
 */
export const RESUMABLE_VERSION = "2025-11-25";

export interface SseEvent {
  id?: string;
  retry?: number;
  data: string;
}

export interface PollingOutcome {
  /** The first event on the tools/call POST stream. */
  first: SseEvent | undefined;
  /** Whether the result arrived on the POST stream (a hub keeps it open) or after a Last-Event-ID resume. */
  resultVia: "post" | "resume" | "none";
  result: unknown;
  /** What a later GET with Last-Event-ID = the priming event's id replays. */
  replayed: unknown[];
}

/** Reads SSE events until `stop` says so or the stream ends (then cancels the body). */
async function readEvents(res: Response, stop: (e: SseEvent) => boolean): Promise<SseEvent[]> {
  if (!res.body) throw new Error(`no body (HTTP ${res.status})`);
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  const events: SseEvent[] = [];
  let buffer = "";
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return events;
      buffer += value;
      let end: number;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event: SseEvent = { data: "" };
        for (const line of block.split("\n")) {
          const colon = line.indexOf(":");
          const field = colon < 0 ? line : line.slice(0, colon);
          const val = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
          if (field === "id") event.id = val;
          else if (field === "retry") event.retry = Number(val);
          else if (field === "data") event.data += event.data ? `\n${val}` : val;
        }
        if (block.startsWith(":")) continue; // comment / keep-alive
        events.push(event);
        if (stop(event)) return events;
      }
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}

const isResultOf = (id: number) => (e: SseEvent) => {
  try {
    const msg = JSON.parse(e.data) as { id?: unknown; result?: unknown };
    return msg.id === id && msg.result !== undefined;
  } catch {
    return false;
  }
};
const resultOf = (e: SseEvent | undefined) =>
  e ? (JSON.parse(e.data) as { result: unknown }).result : undefined;

export async function checkSsePolling(options: {
  url: string;
  headers?: Record<string, string>;
  tool?: string;
}): Promise<PollingOutcome> {
  const base = {
    ...options.headers,
    accept: "application/json, text/event-stream",
    "mcp-protocol-version": RESUMABLE_VERSION,
  };
  const post = (body: unknown, session?: string) =>
    fetch(options.url, {
      method: "POST",
      headers: { ...base, "content-type": "application/json", ...(session && { "mcp-session-id": session }) },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(15_000),
    });

  const init = await post({
    jsonrpc: "2.0",
    id: 0,
    method: "initialize",
    params: {
      protocolVersion: RESUMABLE_VERSION,
      capabilities: {},
      clientInfo: { name: "sse-polling-check", version: "1" },
    },
  });
  const session = init.headers.get("mcp-session-id");
  if (!init.ok || !session) throw new Error(`initialize failed: HTTP ${init.status} ${await init.text()}`);
  await init.body?.cancel();
  await (await post({ jsonrpc: "2.0", method: "notifications/initialized" }, session)).body?.cancel();

  const resume = (lastEventId: string) =>
    fetch(options.url, {
      headers: { ...base, "mcp-session-id": session, "last-event-id": lastEventId },
      signal: AbortSignal.timeout(15_000),
    });

  const call = await post(
    {
      jsonrpc: "2.0",
      id: 1,
      method: "tools/call",
      params: { name: options.tool ?? "test_reconnection", arguments: {} },
    },
    session,
  );
  const onPost = await readEvents(call, isResultOf(1));
  const first = onPost[0];
  let found = onPost.find(isResultOf(1));
  let resultVia: PollingOutcome["resultVia"] = found ? "post" : "none";
  const lastId = [...onPost].reverse().find((e) => e.id)?.id;
  if (!found && lastId) {
    found = (await readEvents(await resume(lastId), isResultOf(1))).find(isResultOf(1));
    if (found) resultVia = "resume";
  }

  let replayed: unknown[] = [];
  if (first?.id) {
    const again = await resume(first.id);
    replayed = again.ok ? (await readEvents(again, isResultOf(1))).map((e) => JSON.parse(e.data)) : [];
  }
  await fetch(options.url, { method: "DELETE", headers: { ...base, "mcp-session-id": session } });
  return { first, resultVia, result: resultOf(found), replayed };
}

/** A migration run's events as the dashboard reads them: /api/migrate/runs/:id/events, over SSE. */
import { runEventSchema, type RunEvent } from "@mcp-hub/contracts";
import { EventSourceParserStream } from "eventsource-parser/stream";
import type { HubContainer } from "../support/hubContainer.js";

/** One event: parsed by the wire schema, and its data exactly as sent (the schema drops fields it does not know). */
export interface SeenRunEvent {
  event: RunEvent;
  sent: string;
}

export interface RunEvents {
  /** Every event read so far. */
  seen: SeenRunEvent[];
  /** Reads on until an event satisfies `wanted`; fails if the stream ends or times out first. */
  until(wanted: (event: RunEvent) => boolean): Promise<void>;
  close(): Promise<void>;
}

/** Subscribes to a run's events: once this resolves, the hub sends every later one (after the run as it stands). */
export async function openRunEvents(
  hub: HubContainer,
  runId: string,
  options: { timeoutMs: number },
): Promise<RunEvents> {
  const response = await fetch(`${hub.url}/api/migrate/runs/${runId}/events`, {
    headers: { authorization: `Bearer ${hub.token}` },
    signal: AbortSignal.timeout(options.timeoutMs),
  });
  if (response.status !== 200) throw new Error(`run ${runId}'s events answered ${response.status}`);
  const reader = response
    .body!.pipeThrough(new TextDecoderStream())
    .pipeThrough(new EventSourceParserStream())
    .getReader();
  const seen: SeenRunEvent[] = [];
  return {
    seen,
    async until(wanted) {
      for (;;) {
        const { value, done } = await reader.read().catch((error: unknown) => {
          const reason = `${seen.length} seen, ${options.timeoutMs} ms allowed`;
          throw new Error(`run ${runId}'s events failed before the awaited one (${reason})`, {
            cause: error,
          });
        });
        if (done) throw new Error(`run ${runId}'s events ended before the awaited one (${seen.length} seen)`);
        const event = runEventSchema.parse({ event: value.event, data: JSON.parse(value.data) });
        seen.push({ event, sent: value.data });
        if (wanted(event)) return;
      }
    },
    close: () => reader.cancel(),
  };
}

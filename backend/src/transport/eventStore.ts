import type { EventStore } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";

/**
 * Resumability (SEP-1699) needs only the recent past: a client that lost its stream reconnects within seconds
 * with Last-Event-ID. Bounding by count keeps a long session with chatty progress from growing without end.
 */
const MAX_EVENTS_PER_SESSION = 256;

interface StoredEvent {
  id: string;
  streamId: string;
  seq: number;
  message: JSONRPCMessage;
}

/**
 * One client session's SSE events, in memory. With it the SDK transport sends 2025-11-25+ clients a priming
 * event (id, retry) on every POST stream, and a client whose stream dropped mid-call gets the pending response
 * replayed on a GET with Last-Event-ID instead of losing it. It lives and dies with its session's transport.
 */
export function createSessionEventStore(): EventStore {
  const events: StoredEvent[] = [];
  const byId = new Map<string, StoredEvent>();
  let seq = 0;

  return {
    async storeEvent(streamId, message) {
      const event = { id: `${streamId}_${++seq}`, streamId, seq, message };
      events.push(event);
      byId.set(event.id, event);
      if (events.length > MAX_EVENTS_PER_SESSION) byId.delete(events.shift()!.id);
      return event.id;
    },
    async getStreamIdForEventId(eventId) {
      return byId.get(eventId)?.streamId;
    },
    async replayEventsAfter(lastEventId, { send }) {
      const last = byId.get(lastEventId);
      // The SDK asked getStreamIdForEventId first, so an unknown id was already answered with 400.
      if (!last) return "";
      for (const event of events)
        if (event.streamId === last.streamId && event.seq > last.seq && !isPriming(event.message))
          await send(event.id, event.message);
      return last.streamId;
    },
  };
}

/** The SDK stores `{}` as the priming event; it carries nothing to replay. */
function isPriming(message: JSONRPCMessage): boolean {
  return Object.keys(message).length === 0;
}

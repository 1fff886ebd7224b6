import type { FastifyReply, FastifyRequest } from "fastify";
import type { HubEvent, HubEventData } from "@mcp-hub/contracts";
import type { AuditLog } from "../audit/index.js";
import type { HubControl } from "../hub/index.js";
import { commentFrame, jsonEvent, openEventStream } from "../transport/index.js";

/** Keeps proxies and browsers from closing an idle stream. */
const HEARTBEAT_MS = 15_000;

/** Server-sent events for the UI: server status changes, catalog changes and audit events as they happen. */
export function streamEvents(
  request: FastifyRequest,
  reply: FastifyReply,
  { hub, audit }: { hub: HubControl; audit: AuditLog },
) {
  reply.hijack();
  const res = reply.raw;
  openEventStream(res, { flush: false }); // the head leaves with "hello"
  const send = <K extends HubEvent["event"]>(event: K, data: HubEventData<K>) =>
    res.write(jsonEvent(event, data));
  send("hello", { servers: hub.servers() });

  const unsubscribeHub = hub.subscribe({
    status: (status) => send("status", status),
    catalog: (change) => send("catalog", change),
  });
  const unsubscribe = audit.subscribe((event) => send("audit", event));
  const heartbeat = setInterval(() => res.write(commentFrame("heartbeat")), HEARTBEAT_MS);
  request.raw.on("close", () => {
    clearInterval(heartbeat);
    unsubscribeHub();
    unsubscribe();
  });
}

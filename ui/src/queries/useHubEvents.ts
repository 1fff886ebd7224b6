import { useEffect } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { api, inDockerDesktop, type AuditEvent, type AuditQuery } from "../api";
import { keys } from "./keys";

/** Newest first, and a cap so a busy hub does not grow the page without bound. */
const LIVE_AUDIT_MAX = 1_000;

/**
 * Standalone dashboard: one /api/events stream keeps the caches fresh (status changes refresh servers and the
 * overview, audit events are prepended to matching lists). Inside Docker Desktop the hooks poll instead.
 */
export function useHubEvents(enabled: boolean) {
  const queryClient = useQueryClient();
  useEffect(() => {
    if (!enabled || inDockerDesktop()) return;
    const controller = new AbortController();
    void api.events((message) => {
      if (message.event === "status" || message.event === "catalog") {
        void queryClient.invalidateQueries({ queryKey: keys.servers.all });
        void queryClient.invalidateQueries({ queryKey: keys.status });
      }
      if (message.event === "audit") {
        const event = message.data;
        for (const [key] of queryClient.getQueriesData<AuditEvent[]>({ queryKey: keys.audit.all })) {
          const query = (key[1] ?? {}) as AuditQuery;
          if (!matches(event, query)) continue;
          queryClient.setQueryData<AuditEvent[]>(key, (old) =>
            [event, ...(old ?? [])].slice(0, query.limit ?? LIVE_AUDIT_MAX),
          );
        }
      }
    }, controller.signal);
    return () => controller.abort();
  }, [enabled, queryClient]);
}

export function matches(event: AuditEvent, query: AuditQuery): boolean {
  return (
    (!query.server || event.server === query.server) && (!query.outcome || event.outcome === query.outcome)
  );
}

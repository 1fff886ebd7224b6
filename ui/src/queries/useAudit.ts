import { useQuery } from "@tanstack/react-query";
import { api, inDockerDesktop, type AuditQuery } from "../api";
import { keys, POLL_MS } from "./keys";

/** Audit events, newest first. Standalone, useHubEvents prepends live events to every cached list. */
export function useAudit(query: AuditQuery) {
  return useQuery({
    queryKey: keys.audit.list(query),
    queryFn: async () => (await api.audit(query)).slice().sort((a, b) => b.time.localeCompare(a.time)),
    refetchInterval: inDockerDesktop() ? POLL_MS : false,
  });
}

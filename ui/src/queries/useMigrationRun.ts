import { useEffect, useState } from "react";
import { useMutation, useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { api, inDockerDesktop, type RewriteOutcome, type Run, type ServerRun } from "../api";
import { useNotifier } from "../components/Notifier";
import { keys } from "./keys";

/** A remote server migrates in about a second: Docker Desktop, which cannot stream, polls a working run this often. */
const RUN_POLL_MS = 1_000;

/** The run as it stands now, its report made again from it, and the list of runs told. */
function runChanged(queryClient: QueryClient, run: Run): Promise<unknown> {
  queryClient.setQueryData(keys.migrate.run(run.id), run);
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: keys.migrate.report(run.id) }),
    queryClient.invalidateQueries({ queryKey: keys.migrate.runs, exact: true }),
  ]);
}

function withServer(run: Run, server: ServerRun): Run {
  return { ...run, servers: run.servers.map((s) => (s.key === server.key ? server : s)) };
}

/**
 * One run, live: standalone its events keep it current (each server's step, and the last log line of each, a
 * build's say); inside Docker Desktop it is polled while it works.
 */
export function useMigrationRun(id: string) {
  const queryClient = useQueryClient();
  const [logs, setLogs] = useState<Record<string, string>>({});
  const query = useQuery({
    queryKey: keys.migrate.run(id),
    queryFn: () => api.migrate.run(id),
    refetchInterval: (q) => (inDockerDesktop() && q.state.data?.state === "running" ? RUN_POLL_MS : false),
  });
  useEffect(() => {
    setLogs({});
    if (inDockerDesktop()) return;
    const controller = new AbortController();
    void api.migrate.runEvents(
      id,
      (message) => {
        if (message.event === "run") void runChanged(queryClient, message.data);
        else if (message.event === "server") {
          const cached = queryClient.getQueryData<Run>(keys.migrate.run(id));
          if (cached) void runChanged(queryClient, withServer(cached, message.data));
        } else setLogs((all) => ({ ...all, [message.data.key]: message.data.line }));
      },
      controller.signal,
    );
    return () => controller.abort();
  }, [id, queryClient]);
  // Polled in Desktop: the report follows the run.
  const state = query.data?.state;
  useEffect(() => {
    void queryClient.invalidateQueries({ queryKey: keys.migrate.report(id) });
  }, [id, state, queryClient]);
  return { ...query, logs };
}

/** What a finished run reports: every server, the entries left in the clients, and the files. */
export function useMigrationReport(id: string, enabled: boolean) {
  return useQuery({
    queryKey: keys.migrate.report(id),
    queryFn: () => api.migrate.report(id),
    enabled,
  });
}

/** Rollback, resume, and the rewrites written on the user's side; each answers the run as it now stands. */
export function useRunActions(id: string) {
  const queryClient = useQueryClient();
  const { notify, fail } = useNotifier();
  const settled = (run: Run) =>
    Promise.all([
      runChanged(queryClient, run),
      queryClient.invalidateQueries({ queryKey: keys.servers.all }),
      queryClient.invalidateQueries({ queryKey: keys.status }),
    ]);
  const rollback = useMutation({
    mutationFn: (server: string) => api.migrate.rollback(id, server),
    onSuccess: (run, server) => {
      if (run.servers.find((s) => s.name === server)?.state === "rolled-back")
        notify("success", `${server}: rolled back, its client entry as it was`);
      return settled(run);
    },
    onError: (error, server) => fail(`Could not roll back ${server}`, error),
  });
  const resume = useMutation({
    mutationFn: () => api.migrate.resume(id),
    onSuccess: settled,
    onError: (error) => fail("Could not resume the migration", error),
  });
  // No toast on failure: the notice about the files says what went wrong and how else to finish.
  const writeRewrites = useMutation({ mutationFn: () => api.migrate.writeRewrites(id), onSuccess: settled });
  const reportRewrites = useMutation({
    mutationFn: (outcome: RewriteOutcome) => api.migrate.reportRewrites(id, outcome),
    onSuccess: settled,
    onError: (error) => fail("Could not tell the hub about the file", error),
  });
  return { rollback, resume, writeRewrites, reportRewrites };
}

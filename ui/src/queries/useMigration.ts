import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, type Choice, type Run } from "../api";
import { useNotifier } from "../components/Notifier";
import { keys } from "./keys";

/** A scan, kept by the hub: the review reads it again after a reload. */
export function useMigrationScan(id: string | undefined) {
  return useQuery({
    queryKey: keys.migrate.scan(id ?? ""),
    queryFn: () => api.migrate.scan(id!),
    enabled: Boolean(id),
    staleTime: Infinity,
  });
}

/**
 * Scans the clients of this machine, or a file the user picked; the scan lands in the cache for the review. No
 * toast on failure: the page shows the answer beside the button, with what to do.
 */
export function useScan() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (upload?: { name: string; text: string }) =>
      upload ? api.migrate.scanUpload(upload) : api.migrate.scanClients(),
    onSuccess: (scan) => queryClient.setQueryData(keys.migrate.scan(scan.id), scan),
  });
}

/**
 * The plan of a scan with the user's choices: asked again whenever they change (names, versions and what cannot
 * migrate follow from them), the last one shown meanwhile. Planning changes nothing anywhere.
 */
export function useMigrationPlan(scan: string | undefined, choices: Record<string, Choice>) {
  return useQuery({
    queryKey: keys.migrate.plan(scan ?? "", choices),
    queryFn: () => api.migrate.plan({ scan: scan!, choices }),
    enabled: Boolean(scan),
    staleTime: Infinity,
    placeholderData: keepPreviousData,
  });
}

/** The runs the hub keeps, newest first: an earlier migration can still be rolled back from its report. */
export function useMigrationRuns() {
  return useQuery({ queryKey: keys.migrate.runs, queryFn: api.migrate.runs });
}

export function useStartRun() {
  const queryClient = useQueryClient();
  const { fail } = useNotifier();
  return useMutation({
    mutationFn: (plan: string) => api.migrate.start(plan),
    onSuccess: (run: Run) => {
      queryClient.setQueryData(keys.migrate.run(run.id), run);
      return queryClient.invalidateQueries({ queryKey: keys.migrate.runs, exact: true });
    },
    onError: (error) => fail("Could not start the migration", error),
  });
}

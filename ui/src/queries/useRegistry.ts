import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, inDockerDesktop, type RegistryResponse } from "../api";
import { useNotifier } from "../components/Notifier";
import { bytes } from "../components/bytes";
import { keys, POLL_MS } from "./keys";

/**
 * A registry on its way up, collecting garbage or not answering yet (it restarts after a collection) is back within
 * seconds: look again sooner.
 */
function pollFor(data: RegistryResponse | undefined): number {
  const settled = (data?.registry.state === "running" && !data.error) || data?.registry.state === "disabled";
  // No event announces a push from outside, so the dashboard polls too, only less often.
  return !settled || inDockerDesktop() ? POLL_MS : POLL_MS * 3;
}

/** The registry's state and what it holds. */
export function useRegistry(options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: keys.registry.all,
    queryFn: api.registry,
    enabled: options.enabled ?? true,
    refetchInterval: (query) => pollFor(query.state.data),
  });
}

/** One tag, with the tags a delete would take with it. */
export function useRegistryTag(ref: { repository: string; tag: string } | undefined) {
  return useQuery({
    queryKey: keys.registry.tag(ref?.repository ?? "", ref?.tag ?? ""),
    queryFn: () => api.registryTag(ref!.repository, ref!.tag),
    enabled: Boolean(ref),
  });
}

export function useDeleteRegistryTag() {
  const queryClient = useQueryClient();
  const { notify } = useNotifier();
  return useMutation({
    mutationFn: api.deleteRegistryTag,
    onSuccess: (deleted, { repository }) => {
      notify("success", `Deleted ${deleted.tags.map((tag) => `${repository}:${tag}`).join(", ")}`);
      // Only the listing: the detail of a deleted tag would answer 404.
      return queryClient.invalidateQueries({ queryKey: keys.registry.all, exact: true });
    },
    // No toast on failure: the confirmation dialog shows the hub's answer and what to do next.
  });
}

/** Garbage collection, with the steps seen so far (standalone only: Docker Desktop answers at the end). */
export function useGarbageCollection() {
  const queryClient = useQueryClient();
  const { notify } = useNotifier();
  const [steps, setSteps] = useState<string[]>([]);
  const mutation = useMutation({
    mutationFn: () => {
      setSteps([]);
      return api.collectGarbage((step) => setSteps((all) => [...all, step]));
    },
    onSuccess: (result) => notify("success", `Garbage collection freed ${bytes(result.freedBytes)}`),
    onSettled: () => queryClient.invalidateQueries({ queryKey: keys.registry.all, exact: true }),
  });
  return { ...mutation, steps };
}

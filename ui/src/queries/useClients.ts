import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, ApiError, type ClientAction, type Platform } from "../api";
import { useNotifier } from "../components/Notifier";
import { keys } from "./keys";

/**
 * Nothing here can write client files: a hub without the user's home (501; 404 from a hub older than the client
 * routes), or a Desktop that gave the extension no host helper. Retrying cannot change that.
 */
export function cannotWriteClients(error: unknown): boolean {
  return (
    error instanceof ApiError && (error.status === 501 || error.status === 404 || error.code === "no_host")
  );
}

export function useClients() {
  return useQuery({
    queryKey: keys.clients,
    queryFn: api.clients,
    retry: (count, error) => !cannotWriteClients(error) && count < 2,
  });
}

/** The manual setup for one OS: the same for as long as the hub runs, so fetched once. */
export function useClientSetup(platform: Platform) {
  return useQuery({
    queryKey: keys.clientSetup(platform),
    queryFn: () => api.clientSetup(platform),
    staleTime: Infinity,
  });
}

const DONE = {
  connect: "connected",
  disconnect: "disconnected",
  restore: "restored from the backup",
} as const;

export function useClientAction() {
  const queryClient = useQueryClient();
  const { notify, fail } = useNotifier();
  return useMutation({
    mutationFn: ({ client, action }: { client: string; action: ClientAction; name?: string }) =>
      api.clientAction(client, action),
    onSuccess: (result, { client, action, name = client }) => {
      // What the user must do next (restart the client, say) comes with the result.
      const next = (result as { afterChange?: string } | undefined)?.afterChange ?? "";
      if (action !== "preview") notify("success", `${name}: ${DONE[action]}. ${next}`.trim());
      return queryClient.invalidateQueries({ queryKey: keys.clients });
    },
    onError: (error, { client, action, name = client }) => fail(`Could not ${action} ${name}`, error),
  });
}

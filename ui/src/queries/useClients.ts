import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, ApiError, type ClientAction } from "../api";
import { useNotifier } from "../components/Notifier";
import { keys } from "./keys";

export function useClients() {
  return useQuery({
    queryKey: keys.clients,
    queryFn: api.clients,
    // 501/404 mean "this hub has no client writer": retrying cannot change that.
    retry: (count, error) => !(error instanceof ApiError && [404, 501].includes(error.status)) && count < 2,
  });
}

export function useClientAction() {
  const queryClient = useQueryClient();
  const { notify, fail } = useNotifier();
  return useMutation({
    mutationFn: ({ client, action }: { client: string; action: ClientAction }) =>
      api.clientAction(client, action),
    onSuccess: (_result, { client, action }) => {
      if (action !== "preview") notify("success", `${client}: ${action} done`);
      return queryClient.invalidateQueries({ queryKey: keys.clients });
    },
    onError: (error, { client, action }) => fail(`Could not ${action} ${client}`, error),
  });
}

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, inDockerDesktop, type ServerConfigInput } from "../api";
import { useNotifier } from "../components/Notifier";
import { keys, POLL_MS } from "./keys";

export function useServers() {
  // Standalone, the events stream invalidates this key on every status change (useHubEvents).
  return useQuery({
    queryKey: keys.servers.all,
    queryFn: api.servers,
    refetchInterval: inDockerDesktop() ? POLL_MS : false,
  });
}

export function useServerLogs(name: string, enabled: boolean) {
  return useQuery({
    queryKey: keys.servers.logs(name),
    queryFn: () => api.serverLogs(name),
    enabled,
    refetchInterval: POLL_MS,
  });
}

export function useServerTools(name: string, enabled: boolean) {
  return useQuery({ queryKey: keys.servers.tools(name), queryFn: () => api.serverTools(name), enabled });
}

/** Add, enable, disable, restart and remove, each refreshing the server list and the overview. */
export function useServerMutations() {
  const queryClient = useQueryClient();
  const { notify, fail } = useNotifier();
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: keys.servers.all }),
      queryClient.invalidateQueries({ queryKey: keys.status }),
    ]);
  const add = useMutation({
    mutationFn: (config: ServerConfigInput) => api.addServer(config),
    onSuccess: (server) => {
      notify("success", `Added ${server.name} (${server.state})`);
      return refresh();
    },
    onError: (error) => fail("Could not add the server", error),
  });
  const action = useMutation({
    mutationFn: ({ name, action }: { name: string; action: "enable" | "disable" | "restart" }) =>
      api.serverAction(name, action),
    onSuccess: (_view, { name, action }) => {
      notify("success", `${name}: ${action === "restart" ? "restarted" : `${action}d`}`);
      return refresh();
    },
    onError: (error, { name, action }) => fail(`Could not ${action} ${name}`, error),
  });
  const remove = useMutation({
    mutationFn: (name: string) => api.removeServer(name),
    onSuccess: (_v, name) => {
      notify("success", `Removed ${name}`);
      return refresh();
    },
    onError: (error, name) => fail(`Could not remove ${name}`, error),
  });
  const revoke = useMutation({
    mutationFn: (name: string) => api.revokeAuthorization(name),
    onSuccess: (_v, name) => {
      notify("success", `Revoked the authorization of ${name}`);
      return refresh();
    },
    onError: (error, name) => fail(`Could not revoke the authorization of ${name}`, error),
  });
  return { add, action, remove, revoke };
}

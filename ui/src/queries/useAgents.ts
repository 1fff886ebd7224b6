import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, type AgentAddInput } from "../api";
import { useNotifier } from "../components/Notifier";
import { keys, POLL_MS } from "./keys";

/** The agents with their cards; polled, as a card refresh is not a hub event. */
export function useAgents() {
  return useQuery({ queryKey: keys.agents, queryFn: api.agents, refetchInterval: POLL_MS });
}

/** Add and remove, each refreshing the agents, the servers and the overview. */
export function useAgentMutations() {
  const queryClient = useQueryClient();
  const { notify, fail } = useNotifier();
  const refresh = () =>
    Promise.all(
      [keys.agents, keys.servers.all, keys.status].map((queryKey) =>
        queryClient.invalidateQueries({ queryKey }),
      ),
    );
  const add = useMutation({
    mutationFn: (agent: AgentAddInput) => api.addAgent(agent),
    onSuccess: (agent) => {
      notify("success", `Added ${agent.name} (${agent.state})`);
      return refresh();
    },
    onError: (error) => fail("Could not add the agent", error),
  });
  const remove = useMutation({
    mutationFn: (name: string) => api.removeAgent(name),
    onSuccess: (_v, name) => {
      notify("success", `Removed ${name}`);
      return refresh();
    },
    onError: (error, name) => fail(`Could not remove ${name}`, error),
  });
  return { add, remove };
}

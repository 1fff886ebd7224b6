import { useQuery } from "@tanstack/react-query";
import { api } from "../api";
import { keys, POLL_MS } from "./keys";

/** What the docker tools created; polled everywhere, as the hub's event stream does not carry Docker's events. */
export function useDocker() {
  return useQuery({ queryKey: keys.docker, queryFn: api.docker, refetchInterval: POLL_MS });
}

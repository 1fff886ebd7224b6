import { useQuery } from "@tanstack/react-query";
import { api, inDockerDesktop } from "../api";
import { keys, POLL_MS } from "./keys";

export function useStatus() {
  return useQuery({
    queryKey: keys.status,
    queryFn: api.status,
    refetchInterval: inDockerDesktop() ? POLL_MS : POLL_MS * 3,
  });
}

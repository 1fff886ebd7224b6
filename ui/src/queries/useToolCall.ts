import { useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, type Progress } from "../api";
import { useNotifier } from "../components/Notifier";
import { keys } from "./keys";

/** A try-it call with its progress; the result (or why there is none) is the mutation's data. */
export function useToolCall(server: string, tool: string) {
  const queryClient = useQueryClient();
  const { fail } = useNotifier();
  const [progress, setProgress] = useState<Progress | undefined>();
  const mutation = useMutation({
    mutationFn: (args: Record<string, unknown>) => {
      setProgress(undefined);
      return api.callTool({ server, tool, args, onProgress: setProgress });
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: keys.audit.all }),
    onError: (error) => fail(`Could not call ${tool}`, error),
  });
  return { ...mutation, progress };
}

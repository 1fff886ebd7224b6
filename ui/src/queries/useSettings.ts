import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, type RegistryStatus, type SettingsPatch } from "../api";
import { useNotifier } from "../components/Notifier";
import { portFallback } from "../components/RegistryState";
import { keys } from "./keys";

/** Where a new registry port took the registry, or why it is not running. */
function registryMoved(status: RegistryStatus): ["success" | "error", string] {
  if (status.state === "failed") return ["error", `Saved, but the registry could not start: ${status.error}`];
  if (status.state === "disabled") return ["success", "Settings saved"];
  const fallback = portFallback(status);
  return [
    "success",
    fallback ? `Saved. ${fallback}` : `Saved: the registry runs on 127.0.0.1:${status.port}.`,
  ];
}

export function useSettings() {
  return useQuery({ queryKey: keys.settings, queryFn: api.settings });
}

export function useSettingsMutations() {
  const queryClient = useQueryClient();
  const { notify, fail } = useNotifier();
  const update = useMutation({
    mutationFn: (patch: SettingsPatch) => api.updateSettings(patch),
    onSuccess: (settings, patch) => {
      queryClient.setQueryData(keys.settings, settings);
      if (patch.registryPort === undefined) return notify("success", "Settings saved");
      // The registry has moved (or tried to): every place that shows its port reads it again.
      notify(...registryMoved(settings.registry));
      return Promise.all([
        queryClient.invalidateQueries({ queryKey: keys.registry.all }),
        queryClient.invalidateQueries({ queryKey: keys.status }),
      ]);
    },
    onError: (error) => fail("Could not save the settings", error),
  });
  const rotate = useMutation({
    mutationFn: api.rotateToken,
    onSuccess: () => notify("success", "New token issued; clients that use the old one must be updated"),
    onError: (error) => fail("Could not rotate the token", error),
  });
  return { update, rotate };
}

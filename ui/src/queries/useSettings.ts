import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, type SettingsPatch } from "../api";
import { useNotifier } from "../components/Notifier";
import { keys } from "./keys";

export function useSettings() {
  return useQuery({ queryKey: keys.settings, queryFn: api.settings });
}

export function useSettingsMutations() {
  const queryClient = useQueryClient();
  const { notify, fail } = useNotifier();
  const update = useMutation({
    mutationFn: (patch: SettingsPatch) => api.updateSettings(patch),
    onSuccess: (settings) => {
      queryClient.setQueryData(keys.settings, settings);
      notify("success", "Settings saved");
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

import { useState, type FormEvent } from "react";
import { Button, Stack, TextField, Typography } from "@mui/material";
import type { RegistryStatus, SettingsView } from "../../api";
import { portFallback, registryAddress, RegistryStateChip } from "../../components/RegistryState";
import { useSettingsMutations } from "../../queries/useSettings";

/** The port the hub wants now: the setting, else its default; unknown for a hub without a registry. */
function wantedPort(status: RegistryStatus): number | undefined {
  if (status.state === "disabled") return undefined;
  return "wantedPort" in status ? status.wantedPort : status.port;
}

/** What the registry runs on now, beside the port asked for. */
function InUse({ status }: { status: RegistryStatus }) {
  const address = registryAddress(status);
  return (
    <Stack direction="row" spacing={1} alignItems="center" useFlexGap flexWrap="wrap">
      <Typography variant="body2">In use:</Typography>
      <RegistryStateChip status={status} />
      {address && <code>{address}</code>}
      <Typography variant="body2" color="text.secondary">
        {status.state === "failed" ? status.error : portFallback(status)}
      </Typography>
    </Stack>
  );
}

/**
 * The local registry's port, editable (the page remounts it when the setting changes, so it starts from the new
 * one): saving moves the registry there with its images (the answer comes once it
 * runs, on the next free port if that one is taken); "Use the default" goes back to HUB_REGISTRY_PORT, else 5000.
 */
export function RegistryPort({ settings }: { settings: SettingsView }) {
  const { update } = useSettingsMutations();
  const status = settings.registry;
  const wanted = settings.registryPort ?? wantedPort(status);
  const [port, setPort] = useState(wanted === undefined ? "" : String(wanted));
  const value = Number(port);
  const valid = /^\d+$/.test(port) && value >= 1 && value <= 65_535;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (valid) update.mutate({ registryPort: value });
  };
  if (status.state === "disabled")
    return (
      <Typography variant="body2" color="text.secondary">
        The hub keeps no local registry here, so it has no port to set.
      </Typography>
    );
  return (
    <Stack spacing={1}>
      <Stack component="form" direction="row" spacing={2} alignItems="flex-start" onSubmit={submit}>
        <TextField
          id="registry-port"
          label="Local registry port"
          type="number"
          size="small"
          value={port}
          onChange={(e) => setPort(e.target.value)}
          error={!valid}
          helperText={
            !valid ? "Between 1 and 65535" : settings.registryPort === undefined ? "The default" : "Set here"
          }
          sx={{ width: 220 }}
        />
        <Button
          type="submit"
          variant="contained"
          disabled={!valid || value === wanted || update.isPending}
          sx={{ whiteSpace: "nowrap" }}
        >
          {update.isPending ? "Moving…" : "Move registry"}
        </Button>
        {settings.registryPort !== undefined && (
          <Button
            disabled={update.isPending}
            onClick={() => update.mutate({ registryPort: null })}
            sx={{ whiteSpace: "nowrap" }}
          >
            Use the default
          </Button>
        )}
      </Stack>
      <InUse status={status} />
      <Typography variant="body2" color="text.secondary">
        Images you push go to 127.0.0.1 on the port in use. Moving keeps the images. Servers whose image names
        the old port keep running; new tags use the port in use.
      </Typography>
    </Stack>
  );
}

import { useState, type FormEvent } from "react";
import {
  Alert,
  Button,
  Card,
  CardContent,
  Divider,
  FormControlLabel,
  Stack,
  Switch,
  TextField,
  Typography,
} from "@mui/material";
import { inDockerDesktop, type SettingsView } from "../../api";
import { LoadError, Loading } from "../../components/States";
import { useSettings, useSettingsMutations } from "../../queries/useSettings";
import { RegistryPort } from "./RegistryPort";

function CallTimeout({ settings }: { settings: SettingsView }) {
  const { update } = useSettingsMutations();
  const [seconds, setSeconds] = useState(String(settings.callTimeoutMs / 1000));
  const value = Number(seconds);
  const valid = Number.isFinite(value) && value >= 0.1 && value <= 3600;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (valid) update.mutate({ callTimeoutMs: Math.round(value * 1000) });
  };
  return (
    <Stack component="form" direction="row" spacing={2} alignItems="flex-start" onSubmit={submit}>
      <TextField
        id="call-timeout"
        label="Call timeout (seconds)"
        type="number"
        size="small"
        value={seconds}
        onChange={(e) => setSeconds(e.target.value)}
        error={!valid}
        helperText={
          valid
            ? "Default per call; progress from the server resets it. Servers can override it."
            : "Between 0.1 and 3600"
        }
      />
      <Button type="submit" variant="contained" disabled={!valid || update.isPending}>
        Save
      </Button>
    </Stack>
  );
}

/** The hub's port is fixed when its container is created, so the page says where to change it; the registry's moves. */
function Ports({ settings }: { settings: SettingsView }) {
  return (
    <Card variant="outlined">
      <CardContent>
        <Stack spacing={2}>
          <Typography variant="h6" component="h2">
            Ports
          </Typography>
          <TextField
            label="Hub port"
            size="small"
            value={settings.hubPort ?? "unknown"}
            helperText="Clients and the dashboard"
            slotProps={{ input: { readOnly: true } }}
            sx={{ width: 220 }}
          />
          <Typography variant="body2" color="text.secondary">
            {inDockerDesktop() ? (
              <>
                Set in the extension&apos;s <code>compose/extension.yaml</code>; change it there and reinstall
                the extension.
              </>
            ) : (
              <>
                To change it, restart the hub with <code>make run HUB_PORT=…</code>.
              </>
            )}
          </Typography>
          <Divider />
          <RegistryPort key={settings.registryPort ?? "default"} settings={settings} />
        </Stack>
      </CardContent>
    </Card>
  );
}

export function SettingsPage() {
  const settings = useSettings();
  const { update, rotate } = useSettingsMutations();
  const [confirming, setConfirming] = useState(false);

  if (settings.isPending) return <Loading what="settings" />;
  if (settings.isError)
    return <LoadError what="settings" error={settings.error} onRetry={() => settings.refetch()} />;
  const s = settings.data;
  return (
    <Stack spacing={3} sx={{ maxWidth: 720 }}>
      <Card variant="outlined">
        <CardContent>
          <Stack spacing={2}>
            <Typography variant="h6" component="h2">
              Calls
            </Typography>
            <CallTimeout settings={s} />
            <FormControlLabel
              control={
                <Switch
                  checked={s.readOnly}
                  disabled={update.isPending}
                  onChange={(e) => update.mutate({ readOnly: e.target.checked })}
                />
              }
              label="Read-only mode"
            />
            <Typography variant="body2" color="text.secondary">
              When on, only tools annotated <code>readOnlyHint</code> are listed and callable, on every
              endpoint. Every other tool is hidden from clients and refused if called.
            </Typography>
          </Stack>
        </CardContent>
      </Card>
      <Ports settings={s} />
      <Card variant="outlined">
        <CardContent>
          <Stack spacing={2}>
            <Typography variant="h6" component="h2">
              Access token
            </Typography>
            <Typography variant="body2">
              Clients that reach the hub over HTTP (VS Code, Cursor, this dashboard) send this token. Rotate
              it if it leaked: the old token stops working at once, and every client configured with it must
              be updated.
            </Typography>
            {rotate.data && (
              <Alert severity="success">
                New token (shown once; copy it now):{" "}
                <code style={{ wordBreak: "break-all" }}>{rotate.data}</code>
                {!inDockerDesktop() && " — this dashboard already uses it."}
              </Alert>
            )}
            {confirming ? (
              <Stack direction="row" spacing={2}>
                <Button
                  color="error"
                  variant="contained"
                  disabled={rotate.isPending}
                  onClick={() => rotate.mutate(undefined, { onSettled: () => setConfirming(false) })}
                >
                  Rotate now
                </Button>
                <Button onClick={() => setConfirming(false)}>Cancel</Button>
              </Stack>
            ) : (
              <div>
                <Button variant="outlined" color="error" onClick={() => setConfirming(true)}>
                  Rotate token
                </Button>
              </div>
            )}
          </Stack>
        </CardContent>
      </Card>
    </Stack>
  );
}

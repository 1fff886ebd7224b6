import { useState, type FormEvent } from "react";
import {
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  FormControlLabel,
  LinearProgress,
  MenuItem,
  Stack,
  Switch,
  TextField,
  Typography,
} from "@mui/material";
import { serverNameSchema } from "@mcp-hub/contracts";
import type { RiskLevel, ServerConfigInput } from "../../api";

type RemoteServerInput = Extract<ServerConfigInput, { kind: "remote" }>;
import type { AddServerPrefill } from "./addServerLink";

/** Split a command line on spaces, keeping "quoted words" together. */
export function splitCommand(text: string): string[] {
  return [...text.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3] ?? "");
}

/** A remote server's `oauth`, when the user gave a pre-registered client. */
function remoteOAuth(clientId: string, clientSecret: string): Pick<RemoteServerInput, "oauth"> {
  if (!clientId.trim()) return {};
  return {
    oauth: {
      clientId: clientId.trim(),
      ...(clientSecret.trim() ? { clientSecret: clientSecret.trim() } : {}),
    },
  };
}

/**
 * The add-server form: an image (stdio or http) or a remote URL. Returns the config to POST. Another page may fill
 * in the image, name and risk (the Registry page's "Add as server"); the fields start from them.
 */
export function AddServerDialog(props: {
  open: boolean;
  busy: boolean;
  prefill?: AddServerPrefill;
  onClose: () => void;
  onAdd: (config: ServerConfigInput) => void;
}) {
  const [kind, setKind] = useState<"image" | "remote">("image");
  const [name, setName] = useState(props.prefill?.name ?? "");
  const [image, setImage] = useState(props.prefill?.image ?? "");
  const [transport, setTransport] = useState<"stdio" | "http">("stdio");
  const [port, setPort] = useState("");
  const [command, setCommand] = useState("");
  const [url, setUrl] = useState("");
  const [clientId, setClientId] = useState("");
  const [clientSecret, setClientSecret] = useState("");
  const [egress, setEgress] = useState(false);
  const [risk, setRisk] = useState<RiskLevel>(props.prefill?.risk ?? "medium");
  const [touched, setTouched] = useState(false);

  const errors = {
    // The hub's own rule, in its own words.
    name: serverNameSchema.safeParse(name).error?.issues[0]?.message,
    image:
      kind === "image" && !image.trim() ? "Required, e.g. mcp/time or ghcr.io/org/server:1.2" : undefined,
    port:
      kind === "image" && transport === "http" && !/^\d+$/.test(port)
        ? "The container port of its MCP endpoint"
        : undefined,
    url:
      kind === "remote" && !/^https?:\/\/.+/.test(url)
        ? "An http(s) URL, e.g. https://example.com/mcp"
        : undefined,
    clientSecret:
      kind === "remote" && clientSecret.trim() && !clientId.trim()
        ? "A client secret needs its client ID"
        : undefined,
  };
  const valid = !Object.values(errors).some(Boolean);
  const show = (field: keyof typeof errors) => (touched ? errors[field] : undefined);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (!valid) return;
    const config: ServerConfigInput =
      kind === "image"
        ? {
            kind,
            name,
            image: image.trim(),
            transport,
            ...(transport === "http" ? { port: Number(port) } : {}),
            ...(command.trim() ? { command: splitCommand(command) } : {}),
            egress,
            risk,
          }
        : { kind, name, url: url.trim(), risk, ...remoteOAuth(clientId, clientSecret) };
    props.onAdd(config);
  };

  return (
    <Dialog open={props.open} onClose={props.onClose} maxWidth="sm" fullWidth>
      <form onSubmit={submit} noValidate>
        <DialogTitle>Add an MCP server</DialogTitle>
        <DialogContent>
          <Stack spacing={2} sx={{ mt: 1 }}>
            <TextField
              select
              label="Kind"
              value={kind}
              onChange={(e) => setKind(e.target.value as "image" | "remote")}
              size="small"
            >
              <MenuItem value="image">Container image (the hub runs it, hardened)</MenuItem>
              <MenuItem value="remote">Remote URL (Streamable HTTP or SSE)</MenuItem>
            </TextField>
            <TextField
              label="Name"
              required
              value={name}
              onChange={(e) => setName(e.target.value)}
              error={Boolean(show("name"))}
              helperText={show("name") ?? "Tools appear as <name>__<tool>"}
              size="small"
            />
            {kind === "image" ? (
              <>
                <TextField
                  label="Image"
                  required
                  value={image}
                  onChange={(e) => setImage(e.target.value)}
                  error={Boolean(show("image"))}
                  helperText={show("image") ?? "Must exist locally or be pullable by the engine"}
                  size="small"
                />
                <TextField
                  select
                  label="Transport"
                  value={transport}
                  onChange={(e) => setTransport(e.target.value as "stdio" | "http")}
                  size="small"
                >
                  <MenuItem value="stdio">stdio</MenuItem>
                  <MenuItem value="http">HTTP (Streamable HTTP in the container)</MenuItem>
                </TextField>
                {transport === "http" && (
                  <TextField
                    label="Container port"
                    required
                    value={port}
                    onChange={(e) => setPort(e.target.value)}
                    error={Boolean(show("port"))}
                    helperText={show("port")}
                    size="small"
                  />
                )}
                <TextField
                  label="Command (optional)"
                  value={command}
                  onChange={(e) => setCommand(e.target.value)}
                  helperText="Replaces the image's CMD. Never put secrets here."
                  size="small"
                />
                <FormControlLabel
                  control={<Switch checked={egress} onChange={(e) => setEgress(e.target.checked)} />}
                  label="Needs internet access"
                />
              </>
            ) : (
              <>
                <TextField
                  label="URL"
                  required
                  value={url}
                  onChange={(e) => setUrl(e.target.value)}
                  error={Boolean(show("url"))}
                  helperText={show("url") ?? "Behind OAuth? The hub asks you to authorize once it is added."}
                  size="small"
                />
                <TextField
                  label="OAuth client ID (optional)"
                  value={clientId}
                  onChange={(e) => setClientId(e.target.value)}
                  helperText="Only for providers without dynamic registration: a client you registered there"
                  size="small"
                />
                <TextField
                  label="OAuth client secret: secret name (optional)"
                  value={clientSecret}
                  onChange={(e) => setClientSecret(e.target.value)}
                  error={Boolean(show("clientSecret"))}
                  helperText={
                    show("clientSecret") ?? "The name of a secret in the hub's secret store, never the value"
                  }
                  size="small"
                />
              </>
            )}
            <TextField
              select
              label="Risk level"
              value={risk}
              onChange={(e) => setRisk(e.target.value as RiskLevel)}
              size="small"
              helperText="High risk gets the tightest container profile"
            >
              <MenuItem value="low">low</MenuItem>
              <MenuItem value="medium">medium</MenuItem>
              <MenuItem value="high">high</MenuItem>
            </TextField>
            {props.busy && (
              <>
                <LinearProgress aria-label="Adding the server" />
                <Typography variant="body2" color="text.secondary">
                  Starting the server and listing its tools; a first start can take a while.
                </Typography>
              </>
            )}
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={props.onClose}>Cancel</Button>
          <Button type="submit" variant="contained" disabled={props.busy}>
            Add server
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}

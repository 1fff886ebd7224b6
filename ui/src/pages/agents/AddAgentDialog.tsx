import { useState, type FormEvent } from "react";
import {
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  LinearProgress,
  MenuItem,
  Stack,
  TextField,
} from "@mui/material";
import { serverNameSchema } from "@mcp-hub/contracts";
import type { AgentAddInput } from "../../api";

/** The add-agent form: the URL of an Agent Card, or an image the hub runs (with the port its A2A server uses). */
export function AddAgentDialog(props: {
  open: boolean;
  busy: boolean;
  onClose: () => void;
  onAdd: (agent: AgentAddInput) => void;
}) {
  const [source, setSource] = useState<"url" | "image">("url");
  const [name, setName] = useState("");
  const [url, setUrl] = useState("");
  const [image, setImage] = useState("");
  const [port, setPort] = useState("");
  const [touched, setTouched] = useState(false);

  const errors = {
    name: serverNameSchema.safeParse(name).error?.issues[0]?.message,
    url:
      source === "url" && !/^https?:\/\/.+/.test(url)
        ? "The agent's card URL or base URL, e.g. http://host:9999/"
        : undefined,
    image: source === "image" && !image.trim() ? "Required, e.g. ghcr.io/org/agent:1.0" : undefined,
    port: source === "image" && !/^\d+$/.test(port) ? "The container port of its A2A server" : undefined,
  };
  const valid = !Object.values(errors).some(Boolean);
  const show = (field: keyof typeof errors) => (touched ? errors[field] : undefined);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (!valid) return;
    props.onAdd(
      source === "url" ? { name, url: url.trim() } : { name, image: image.trim(), port: Number(port) },
    );
  };

  return (
    <Dialog open={props.open} onClose={props.onClose} fullWidth maxWidth="sm">
      <form onSubmit={submit} noValidate>
        <DialogTitle>Add an A2A agent</DialogTitle>
        <DialogContent>
          <Stack spacing={2} sx={{ pt: 1 }}>
            <TextField
              label="Name"
              value={name}
              onChange={(e) => setName(e.target.value)}
              error={Boolean(show("name"))}
              helperText={show("name") ?? "Its tools are <name>__send_message, <name>__get_task, …"}
              required
            />
            <TextField
              select
              label="Source"
              value={source}
              onChange={(e) => setSource(e.target.value as "url" | "image")}
            >
              <MenuItem value="url">Agent Card URL</MenuItem>
              <MenuItem value="image">Container image</MenuItem>
            </TextField>
            {source === "url" ? (
              <TextField
                label="Agent Card URL"
                value={url}
                onChange={(e) => setUrl(e.target.value)}
                error={Boolean(show("url"))}
                helperText={show("url") ?? "The hub fetches …/.well-known/agent-card.json and checks it"}
                required
              />
            ) : (
              <>
                <TextField
                  label="Image"
                  value={image}
                  onChange={(e) => setImage(e.target.value)}
                  error={Boolean(show("image"))}
                  helperText={show("image") ?? "Run hardened on the hub's internal network"}
                  required
                />
                <TextField
                  label="Port"
                  value={port}
                  onChange={(e) => setPort(e.target.value)}
                  error={Boolean(show("port"))}
                  helperText={show("port")}
                  required
                />
              </>
            )}
          </Stack>
        </DialogContent>
        {props.busy && <LinearProgress />}
        <DialogActions>
          <Button onClick={props.onClose}>Cancel</Button>
          <Button type="submit" variant="contained" disabled={props.busy}>
            Add
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}

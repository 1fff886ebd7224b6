import { useState } from "react";
import {
  Box,
  Button,
  Chip,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Tooltip,
  Typography,
} from "@mui/material";
import type { ClientPreview, ClientStatus } from "../../api";
import { Empty, LoadError, Loading } from "../../components/States";
import { cannotWriteClients, useClientAction, useClients } from "../../queries/useClients";
import { ManualSetup } from "./ManualSetup";

const NO_BACKUP =
  "Nothing to restore: the hub keeps a backup only of a config file that existed before its first change, and removes it once a restore or a disconnect has brought the original back.";

/** Restore only where a backup exists; a helper that predates `hasBackup` leaves it enabled, as before. */
function RestoreButton({
  client,
  busy,
  onRestore,
}: {
  client: ClientStatus;
  busy: boolean;
  onRestore(): void;
}) {
  const none = client.hasBackup === false;
  const button = (
    <Button size="small" disabled={busy || none} onClick={onRestore} sx={{ whiteSpace: "nowrap" }}>
      Restore backup
    </Button>
  );
  if (!none) return button;
  // A disabled button gets no pointer events, so the tooltip listens on a wrapper.
  return (
    <Tooltip title={NO_BACKUP} describeChild>
      <span>{button}</span>
    </Tooltip>
  );
}

const STATUS = {
  connected: { label: "Connected", color: "success" },
  "not-configured": { label: "Not connected", color: "default" },
  conflicting: { label: "Other mcp-hub entry", color: "warning" },
  invalid: { label: "Unreadable file", color: "error" },
} as const;

function statusChip(client: ClientStatus) {
  const { label, color } = STATUS[client.status] ?? { label: client.status, color: "default" };
  return <Chip size="small" variant="outlined" label={label} color={color} />;
}

/** Installed clients first (what the user most likely wants), each group in the hub's order. */
function byInstalled(clients: ClientStatus[]): ClientStatus[] {
  return [...clients.filter((c) => c.installed), ...clients.filter((c) => !c.installed)];
}

/** One client: not-installed ones read quieter, and their Connect is a secondary action. */
function ClientRow({
  client,
  busy,
  onConnect,
  onAction,
}: {
  client: ClientStatus;
  busy: boolean;
  onConnect(): void;
  onAction(action: "disconnect" | "restore"): void;
}) {
  const quiet = client.installed ? undefined : "text.secondary";
  return (
    <TableRow data-installed={client.installed}>
      <TableCell sx={{ color: quiet, whiteSpace: "nowrap" }}>
        {client.displayName}
        {!client.installed && (
          <Typography variant="body2" color="text.secondary">
            Not installed
          </Typography>
        )}
      </TableCell>
      <TableCell>
        {statusChip(client)}
        {client.status === "invalid" && client.error?.message && (
          <Typography variant="body2" color="error">
            {client.error.message}
            {client.error.line ? ` (line ${client.error.line})` : ""}: fix the file, then retry.
          </Typography>
        )}
      </TableCell>
      <TableCell sx={{ color: quiet, overflowWrap: "anywhere" }}>
        <code>{client.file}</code>
      </TableCell>
      <TableCell align="right">
        {/* Buttons keep their one-line labels; the file path column wraps instead. */}
        <Stack direction="row" spacing={1} justifyContent="flex-end" sx={{ whiteSpace: "nowrap" }}>
          {client.status === "connected" ? (
            <Button size="small" variant="outlined" disabled={busy} onClick={() => onAction("disconnect")}>
              Disconnect
            </Button>
          ) : (
            <Button
              size="small"
              variant={client.installed ? "contained" : "outlined"}
              disabled={busy || client.status === "invalid"}
              onClick={onConnect}
            >
              Connect
            </Button>
          )}
          <RestoreButton client={client} busy={busy} onRestore={() => onAction("restore")} />
        </Stack>
      </TableCell>
    </TableRow>
  );
}

export function ClientsPage() {
  const clients = useClients();
  const action = useClientAction();
  const [preview, setPreview] = useState<{ client: ClientStatus; diff: string } | undefined>();

  if (clients.isPending) return <Loading what="clients" />;
  if (clients.isError) {
    const error = clients.error;
    if (cannotWriteClients(error)) return <ManualSetup />;
    return <LoadError what="clients" error={error} onRetry={() => clients.refetch()} />;
  }
  if (clients.data.length === 0)
    return (
      <Empty title="No MCP clients found">
        The hub looked for Claude Desktop, VS Code, Cursor, Cline, Claude Code, Windsurf and Zed and found
        none. Install one, then come back.
      </Empty>
    );

  const showPreview = async (client: ClientStatus) => {
    const result = (await action.mutateAsync({ client: client.client, action: "preview" })) as ClientPreview;
    setPreview({ client, diff: result?.diff || "(no change: the hub entry is already there)" });
  };

  const busy = action.isPending;
  return (
    <Stack spacing={2}>
      <Typography variant="body2" color="text.secondary">
        Connect adds the hub to a client&apos;s configuration file, after showing you the change; the original
        is backed up first. Clients found on this machine come first.
      </Typography>
      <Table size="small" aria-label="MCP clients">
        <TableHead>
          <TableRow>
            <TableCell>Client</TableCell>
            <TableCell>Status</TableCell>
            <TableCell>Config file</TableCell>
            <TableCell align="right">Actions</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {byInstalled(clients.data).map((client) => (
            <ClientRow
              key={`${client.client}-${client.scope}`}
              client={client}
              busy={busy}
              onConnect={() => void showPreview(client)}
              onAction={(which) =>
                action.mutate({ client: client.client, action: which, name: client.displayName })
              }
            />
          ))}
        </TableBody>
      </Table>
      <Dialog open={Boolean(preview)} onClose={() => setPreview(undefined)} maxWidth="md" fullWidth>
        <DialogTitle>Connect {preview?.client.displayName}</DialogTitle>
        <DialogContent>
          <Typography gutterBottom>
            This change will be written to <code>{preview?.client.file}</code>
            {preview?.client.fileExists ? " (the original is backed up first)" : " (a new file)"}.{" "}
            {preview?.client.afterChange}
          </Typography>
          <Box component="pre" sx={{ overflow: "auto", fontSize: "body2.fontSize" }}>
            {preview?.diff}
          </Box>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setPreview(undefined)}>Cancel</Button>
          <Button
            variant="contained"
            disabled={action.isPending}
            onClick={() => {
              if (preview)
                action.mutate(
                  { client: preview.client.client, action: "connect", name: preview.client.displayName },
                  { onSuccess: () => setPreview(undefined) },
                );
            }}
          >
            Write the change
          </Button>
        </DialogActions>
      </Dialog>
    </Stack>
  );
}

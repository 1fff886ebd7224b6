import { useState } from "react";
import {
  Alert,
  AlertTitle,
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
import { ApiError, type ClientPreview, type ClientStatus } from "../../api";
import { Empty, LoadError, Loading } from "../../components/States";
import { useClientAction, useClients } from "../../queries/useClients";

/** How to connect by hand, shown when this hub cannot write client configs itself. */
function ManualSetup() {
  return (
    <Alert severity="info" variant="outlined">
      <AlertTitle>Connect a client by hand</AlertTitle>
      <Typography variant="body2" component="div">
        This hub cannot edit client configuration files yet. Add the hub to your client yourself:
        <ul>
          <li>
            HTTP-capable clients (VS Code, Cursor, Claude Code): URL <code>http://127.0.0.1:3010/mcp</code>{" "}
            with header <code>Authorization: Bearer &lt;token&gt;</code> (token: Settings page, or{" "}
            <code>mcp-hub token</code>).
          </li>
          <li>
            stdio-only clients (Claude Desktop, Cline): command <code>docker</code> with arguments{" "}
            <code>run -i --rm --init --network mcp-hub mcp-hub-bridge</code>.
          </li>
        </ul>
        Or use the CLI: <code>docker exec mcp-hub mcp-hub client connect &lt;client&gt;</code>.
      </Typography>
    </Alert>
  );
}

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
    <Button size="small" disabled={busy || none} onClick={onRestore}>
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

function statusChip(client: ClientStatus) {
  const color = {
    connected: "success",
    "not-configured": "default",
    conflicting: "warning",
    invalid: "error",
  } as const;
  return (
    <Chip size="small" variant="outlined" label={client.status} color={color[client.status] ?? "default"} />
  );
}

export function ClientsPage() {
  const clients = useClients();
  const action = useClientAction();
  const [preview, setPreview] = useState<{ client: ClientStatus; diff: string } | undefined>();

  if (clients.isPending) return <Loading what="clients" />;
  if (clients.isError) {
    const error = clients.error;
    if (error instanceof ApiError && (error.status === 501 || error.status === 404)) return <ManualSetup />;
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

  return (
    <Stack spacing={2}>
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
          {clients.data.map((client) => (
            <TableRow key={`${client.client}-${client.scope}`}>
              <TableCell>
                {client.displayName}
                {!client.installed && (
                  <Typography variant="body2" color="text.secondary">
                    not installed
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
              <TableCell>
                <code>{client.file}</code>
              </TableCell>
              <TableCell align="right">
                <Stack direction="row" spacing={1} justifyContent="flex-end">
                  {client.status === "connected" ? (
                    <Button
                      size="small"
                      disabled={action.isPending}
                      onClick={() => action.mutate({ client: client.client, action: "disconnect" })}
                    >
                      Disconnect
                    </Button>
                  ) : (
                    <Button
                      size="small"
                      variant="contained"
                      disabled={action.isPending || client.status === "invalid"}
                      onClick={() => void showPreview(client)}
                    >
                      Connect…
                    </Button>
                  )}
                  <RestoreButton
                    client={client}
                    busy={action.isPending}
                    onRestore={() => action.mutate({ client: client.client, action: "restore" })}
                  />
                </Stack>
              </TableCell>
            </TableRow>
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
          <pre style={{ overflow: "auto", fontSize: 12 }}>{preview?.diff}</pre>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setPreview(undefined)}>Cancel</Button>
          <Button
            variant="contained"
            disabled={action.isPending}
            onClick={() => {
              if (preview)
                action.mutate(
                  { client: preview.client.client, action: "connect" },
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

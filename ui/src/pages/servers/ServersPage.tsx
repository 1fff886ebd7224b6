import { useCallback, useState } from "react";
import {
  Button,
  Paper,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from "@mui/material";
import { useSearchParams } from "react-router";
import type { ServerView } from "../../api";
import { NameButton } from "../../components/NameButton";
import { counted } from "../../components/plural";
import { RemoveDialog } from "../../components/RemoveDialog";
import { StateChip } from "../../components/StateChip";
import { Empty, LoadError, Loading } from "../../components/States";
import { useServerMutations, useServers } from "../../queries/useServers";
import { useNotifier } from "../../components/Notifier";
import { AddServerDialog } from "./AddServerDialog";
import { AuthorizationPanel } from "./AuthorizationPanel";
import { AuthorizeDialog } from "./AuthorizeDialog";
import { prefillFrom, withoutAddForm } from "./addServerLink";
import { ServerDetails } from "./ServerDetails";

function describe(server: ServerView): string {
  const c = server.config;
  if (!c) return server.kind === "discovered" ? "discovered container" : server.kind;
  if (c.kind === "builtin") return `built into the hub (${c.module})`;
  return c.kind === "image" ? `${c.image} (${c.transport ?? "stdio"})` : c.url;
}

export function ServersPage() {
  const servers = useServers();
  const { add, action, remove, revoke } = useServerMutations();
  const { notify } = useNotifier();
  const [params, setParams] = useSearchParams();
  const [removing, setRemoving] = useState<string | undefined>();
  const [authorizing, setAuthorizing] = useState<string | undefined>();
  const endAuthorizing = useCallback(
    (done: boolean) => {
      if (done && authorizing) notify("success", `${authorizing} is authorized`);
      setAuthorizing(undefined);
    },
    [authorizing, notify],
  );
  const selected = params.get("server") ?? undefined;
  const adding = params.get("add") === "1";
  const prefill = prefillFrom(params);
  const setParam = (key: string, value: string | undefined) =>
    setParams((p) => {
      const next = new URLSearchParams(p);
      if (value === undefined) next.delete(key);
      else next.set(key, value);
      return next;
    });

  const dialog = (
    <AddServerDialog
      // A new prefill (another "Add as server") starts a fresh form.
      key={`${prefill.image}|${prefill.name}|${prefill.risk}`}
      open={adding}
      busy={add.isPending}
      prefill={prefill}
      onClose={() => setParams(withoutAddForm)}
      onAdd={(config) => add.mutate(config, { onSuccess: (view) => setParams({ server: view.name }) })}
    />
  );
  const addButton = (
    <Button variant="contained" onClick={() => setParam("add", "1")}>
      Add server
    </Button>
  );

  if (servers.isPending) return <Loading what="servers" />;
  if (servers.isError)
    return <LoadError what="servers" error={servers.error} onRetry={() => servers.refetch()} />;
  if (servers.data.length === 0)
    return (
      <>
        <Empty title="No MCP servers yet" action={addButton}>
          Add a server from a container image or a remote URL. The hub runs images in hardened containers and
          shows their tools to every connected client as <code>&lt;server&gt;__&lt;tool&gt;</code>.
        </Empty>
        {dialog}
      </>
    );

  const current = servers.data.find((s) => s.name === selected);
  const busy = action.isPending || remove.isPending || revoke.isPending;
  const authorizingServer = servers.data.find((s) => s.name === authorizing);
  return (
    <Stack spacing={2}>
      <Stack direction="row" justifyContent="space-between" alignItems="center">
        <Typography color="text.secondary">
          {counted(servers.data.length, "server")}, {servers.data.filter((s) => s.state === "ready").length}{" "}
          ready
        </Typography>
        {addButton}
      </Stack>
      <Table size="small" aria-label="MCP servers">
        <TableHead>
          <TableRow>
            <TableCell>Name</TableCell>
            <TableCell>Source</TableCell>
            <TableCell>State</TableCell>
            <TableCell align="right">Tools</TableCell>
            <TableCell align="right">Restarts</TableCell>
            <TableCell>Breaker</TableCell>
            <TableCell>Last error</TableCell>
            <TableCell align="right">Actions</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {servers.data.map((server) => (
            <TableRow key={server.name} selected={server.name === selected}>
              <TableCell>
                <NameButton
                  selected={server.name === selected}
                  onClick={() => setParam("server", server.name === selected ? undefined : server.name)}
                >
                  {server.name}
                </NameButton>
              </TableCell>
              <TableCell sx={{ maxWidth: 240, overflowWrap: "anywhere" }}>{describe(server)}</TableCell>
              <TableCell>
                <StateChip state={server.enabled ? server.state : "stopped"} />
              </TableCell>
              <TableCell align="right">{server.counts.tools}</TableCell>
              <TableCell align="right">{server.restarts}</TableCell>
              <TableCell>{server.breaker}</TableCell>
              <TableCell sx={{ maxWidth: 260, overflowWrap: "anywhere" }}>
                {server.lastError ?? "—"}
              </TableCell>
              <TableCell align="right">
                <Stack direction="row" spacing={1} justifyContent="flex-end" sx={{ whiteSpace: "nowrap" }}>
                  {server.authorization?.status === "required" && (
                    <Button
                      size="small"
                      variant="outlined"
                      disabled={busy}
                      onClick={() => setAuthorizing(server.name)}
                    >
                      Authorize
                    </Button>
                  )}
                  <Button
                    size="small"
                    disabled={busy}
                    onClick={() =>
                      action.mutate({ name: server.name, action: server.enabled ? "disable" : "enable" })
                    }
                  >
                    {server.enabled ? "Disable" : "Enable"}
                  </Button>
                  <Button
                    size="small"
                    disabled={busy || !server.enabled}
                    onClick={() => action.mutate({ name: server.name, action: "restart" })}
                  >
                    Restart
                  </Button>
                  {server.kind !== "builtin" && (
                    <Button
                      size="small"
                      color="error"
                      disabled={busy}
                      onClick={() => setRemoving(server.name)}
                    >
                      Remove
                    </Button>
                  )}
                </Stack>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {current ? (
        <Paper variant="outlined" sx={{ p: 2 }} aria-label={`Server ${current.name}`} component="section">
          <Typography variant="h6" component="h2" gutterBottom>
            {current.name}
          </Typography>
          <AuthorizationPanel
            server={current}
            busy={busy}
            onAuthorize={() => setAuthorizing(current.name)}
            onRevoke={() => revoke.mutate(current.name)}
          />
          <ServerDetails server={current} />
        </Paper>
      ) : (
        <Typography variant="body2" color="text.secondary">
          Select a server by name to see its tools, try them, and read its logs.
        </Typography>
      )}
      <RemoveDialog
        name={removing}
        onCancel={() => setRemoving(undefined)}
        onRemove={(name) => remove.mutate(name, { onSuccess: () => setParam("server", undefined) })}
      >
        The hub stops its container and forgets its configuration. Clients lose its tools. Secrets stay in the
        secret store.
      </RemoveDialog>
      {authorizingServer && <AuthorizeDialog server={authorizingServer} onClose={endAuthorizing} />}
      {dialog}
    </Stack>
  );
}

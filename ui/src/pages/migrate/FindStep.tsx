import { useState } from "react";
import {
  Alert,
  Box,
  Button,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from "@mui/material";
import { errorMessage, hintFor, inDockerDesktop, type ClientStatus, type Run } from "../../api";
import { counted } from "../../components/plural";
import { Empty, LoadError, Loading } from "../../components/States";
import { cannotWriteClients, useClients } from "../../queries/useClients";
import { useMigrationRuns, useScan } from "../../queries/useMigration";
import { MigrateStepper } from "./MigrateStepper";
import { RunsTable } from "./RunsTable";
import { UploadButton } from "./UploadButton";

const RUN_STATE_TEXT: Record<Run["state"], string> = {
  running: "is running",
  "waiting-for-rewrite": "waits for its client files to be written",
  interrupted: "was interrupted when the hub stopped",
  done: "is done",
};

/** The clients whose config file exists, with the servers each starts itself. */
function ClientsFound({ clients }: { clients: ClientStatus[] }) {
  return (
    <Table size="small" aria-label="Clients on this machine">
      <TableHead>
        <TableRow>
          <TableCell>Client</TableCell>
          <TableCell>Config file</TableCell>
          <TableCell align="right">MCP servers</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {clients.map((client) => (
          <TableRow key={client.client}>
            <TableCell sx={{ whiteSpace: "nowrap" }}>{client.displayName}</TableCell>
            <TableCell sx={{ overflowWrap: "anywhere" }}>
              <code>{client.file}</code>
            </TableCell>
            <TableCell align="right" sx={{ whiteSpace: "nowrap" }}>
              {client.status === "invalid" ? "Unreadable file" : (client.servers ?? "—")}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

/** Why the clients cannot be scanned from here, and what the user can do instead. */
function NoScanner() {
  return (
    <Alert severity="info" variant="outlined">
      {inDockerDesktop()
        ? "Docker Desktop did not give this extension its host helper, so it cannot read your client files."
        : "This hub cannot see your home folder, so it cannot read your client files. A hub started with your home mounted can (make run does so on Linux)."}{" "}
      Upload a client&apos;s config file instead: its secret values go to the hub only and are never shown.
    </Alert>
  );
}

/** The first step: the clients on this machine and their servers, or a file to upload; earlier migrations below. */
export function FindStep({
  onScanned,
  onOpenRun,
}: {
  onScanned(scan: string): void;
  onOpenRun(run: string): void;
}) {
  const clients = useClients();
  const scan = useScan();
  const runs = useMigrationRuns();
  const [problem, setProblem] = useState<string>();
  const active = runs.data?.find((run) => run.state !== "done");
  const withFiles = (clients.data ?? []).filter((c) => c.fileExists);
  const total = withFiles.reduce((sum, c) => sum + (c.servers ?? 0), 0);
  const countsKnown = withFiles.every((c) => c.servers !== undefined || c.status === "invalid");
  // Counts from an older host helper are unknown: the scan then says what there is.
  const canScan = clients.isSuccess && withFiles.length > 0 && !(countsKnown && total === 0);

  let found;
  if (clients.isPending) found = <Loading what="your clients" />;
  else if (clients.isError)
    found = cannotWriteClients(clients.error) ? (
      <NoScanner />
    ) : (
      <LoadError what="your clients" error={clients.error} onRetry={() => clients.refetch()} />
    );
  else if (withFiles.length === 0 || (countsKnown && total === 0))
    found = (
      <Empty title="No MCP servers found in your clients">
        The hub looked in Claude Desktop, VS Code, Cursor, Cline, Claude Code, Windsurf and Zed. A config file
        kept elsewhere can be uploaded.
      </Empty>
    );
  else found = <ClientsFound clients={withFiles} />;

  // A file refused here replaces an earlier failed scan's message, hint included.
  const scanError = problem ?? (scan.isError ? errorMessage(scan.error) : undefined);
  const hint = !problem && scan.isError ? hintFor(scan.error) : undefined;
  return (
    <Stack spacing={3}>
      <MigrateStepper active={0} />
      <Typography variant="body2" color="text.secondary">
        Migrate moves the MCP servers your AI clients start themselves (<code>npx</code>, <code>uvx</code>,{" "}
        <code>docker run</code>, a remote URL) into hardened containers behind the hub. Each server is checked
        through the hub before its client entry is replaced, the client files are backed up first, and every
        server can be rolled back.
      </Typography>
      {active && (
        <Alert
          severity="info"
          action={
            <Button
              color="inherit"
              size="small"
              onClick={() => onOpenRun(active.id)}
              sx={{ whiteSpace: "nowrap" }}
            >
              Open it
            </Button>
          }
        >
          A migration started {new Date(active.startedAt).toLocaleString()} {RUN_STATE_TEXT[active.state]}; a
          new one can start once it is done.
        </Alert>
      )}
      <Stack spacing={2} component="section" aria-labelledby="found">
        <Typography variant="h6" component="h2" id="found">
          Servers your clients start
        </Typography>
        {found}
        <Stack direction="row" spacing={2} alignItems="center" useFlexGap flexWrap="wrap">
          {canScan && (
            <Button
              variant="contained"
              disabled={scan.isPending}
              onClick={() => {
                setProblem(undefined);
                scan.mutate(undefined, { onSuccess: (s) => onScanned(s.id) });
              }}
              sx={{ whiteSpace: "nowrap" }}
            >
              {countsKnown ? `Review ${counted(total, "server")}` : "Scan the clients"}
            </Button>
          )}
          <UploadButton
            disabled={scan.isPending}
            onProblem={setProblem}
            onFile={(file) => {
              setProblem(undefined);
              scan.mutate(file, { onSuccess: (s) => onScanned(s.id) });
            }}
          />
          {scan.isPending && (
            <Typography variant="body2" color="text.secondary" role="status">
              Reading the files…
            </Typography>
          )}
        </Stack>
        {scanError && (
          <Alert severity="error">
            Could not scan: {scanError}
            {hint && <Box sx={{ mt: 1 }}>{hint}</Box>}
          </Alert>
        )}
      </Stack>
      {runs.data && runs.data.length > 0 && <RunsTable runs={runs.data} onOpen={onOpenRun} />}
    </Stack>
  );
}

import { useState } from "react";
import {
  Box,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from "@mui/material";
import type { Report, ServerRun } from "../../api";
import { CountCard } from "../../components/CountCard";
import { keyParts, STEP_LABEL } from "./labels";
import { ServerStateChip } from "./ServerStateChip";
import { StayingEntries } from "./StayingEntries";

/** What happened to a server, in a sentence or two: for a failure the step, the reason and the fix. */
function Outcome({ server }: { server: ServerRun }) {
  const { origin, entry } = keyParts(server.key);
  switch (server.state) {
    case "migrated":
      return server.note ? (
        <Stack spacing={0.5}>
          <Typography variant="body2">
            Behind the hub; its entry <code>{entry}</code> left {origin}.
          </Typography>
          <Typography variant="body2" color="warning.main">
            {server.note}.
          </Typography>
        </Stack>
      ) : (
        <>
          Runs behind the hub: its tools are <code>{server.name}__…</code>; its entry <code>{entry}</code>{" "}
          left {origin}.
        </>
      );
    case "failed":
      return (
        <Stack spacing={0.5}>
          <Typography variant="body2" color="error">
            Failed at {server.step ? STEP_LABEL[server.step] : "a step"}: {server.error}
          </Typography>
          {server.fix && <Typography variant="body2">Fix: {server.fix}</Typography>}
          <Typography variant="body2" color="text.secondary">
            Its part was undone; {origin} still starts <code>{entry}</code> as before.
          </Typography>
        </Stack>
      );
    case "rolled-back":
      return (
        <>
          Rolled back: the hub&apos;s part is undone and <code>{entry}</code> is back in {origin}
          {server.error ? ` (${server.error})` : ""}.
        </>
      );
    case "skipped":
      return <>Skipped: {server.error ?? "left out of this run"}.</>;
    default:
      return server.step === "rewrite" ? (
        <>Checked through the hub; waiting for its client file to be written.</>
      ) : (
        <>Not finished: resume the migration.</>
      );
  }
}

/** A finished run: the counts, every server with its outcome and a rollback for each migrated one, what stayed. */
export function RunReport({
  report,
  busy,
  onRollback,
}: {
  report: Report;
  busy: boolean;
  onRollback(server: string): void;
}) {
  const [confirming, setConfirming] = useState<ServerRun | undefined>();
  const rolledBack = report.servers.filter((s) => s.state === "rolled-back").length;
  return (
    <Stack spacing={3}>
      <Box sx={{ display: "grid", gridTemplateColumns: { xs: "1fr", sm: "repeat(3, 1fr)" }, gap: 2 }}>
        <CountCard
          label="Migrated"
          value={report.migrated}
          detail={rolledBack ? `behind the hub now; ${rolledBack} rolled back` : "behind the hub now"}
        />
        <CountCard
          label="Failed"
          value={report.failed}
          detail={report.failed ? "undone, each with its fix" : "none"}
        />
        <CountCard
          label="Skipped"
          value={report.skipped}
          detail={
            report.skipped === 1 ? "left in its client as it was" : "left in their clients as they were"
          }
        />
      </Box>
      <Table size="small" aria-label="Migration report">
        <TableHead>
          <TableRow>
            <TableCell sx={{ width: "18%" }}>Server</TableCell>
            <TableCell sx={{ width: "16%" }}>Outcome</TableCell>
            <TableCell>What happened</TableCell>
            <TableCell align="right">Actions</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {report.servers.map((server) => (
            <TableRow key={server.key}>
              <TableCell>{server.name}</TableCell>
              <TableCell>
                <ServerStateChip server={server} />
              </TableCell>
              <TableCell sx={{ overflowWrap: "anywhere" }}>
                <Outcome server={server} />
              </TableCell>
              <TableCell align="right">
                {server.state === "migrated" && (
                  <Button
                    size="small"
                    variant="outlined"
                    disabled={busy}
                    onClick={() => setConfirming(server)}
                    sx={{ whiteSpace: "nowrap" }}
                  >
                    Roll back
                  </Button>
                )}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <StayingEntries
        rows={report.entries.map((e) => ({
          key: e.key,
          entry: e.entryName,
          client: keyParts(e.key).origin,
          reason: e.reason,
        }))}
      />
      <Dialog open={Boolean(confirming)} onClose={() => setConfirming(undefined)} maxWidth="sm" fullWidth>
        <DialogTitle>Roll back {confirming?.name}?</DialogTitle>
        <DialogContent>
          <DialogContentText>
            The hub removes {confirming?.name}, its image and its secrets, and puts its entry back in{" "}
            {confirming && keyParts(confirming.key).origin}&apos;s file as it was, its secret values included.
            The other servers are not touched.
          </DialogContentText>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setConfirming(undefined)}>Cancel</Button>
          <Button
            variant="contained"
            color="error"
            onClick={() => {
              if (confirming) onRollback(confirming.name);
              setConfirming(undefined);
            }}
          >
            Roll back
          </Button>
        </DialogActions>
      </Dialog>
    </Stack>
  );
}

import { Button, Stack, Table, TableBody, TableCell, TableHead, TableRow, Typography } from "@mui/material";
import type { Run } from "../../api";

/** The newest few: older runs are still kept by the hub (GET /api/migrate/runs). */
const RUNS_SHOWN = 5;

const STATE_LABEL: Record<Run["state"], string> = {
  running: "Running",
  "waiting-for-rewrite": "Waiting for client files",
  interrupted: "Interrupted",
  done: "Done",
};

function outcome(run: Run): string {
  const count = (state: string) => run.servers.filter((s) => s.state === state).length;
  const parts = [
    [count("migrated"), "migrated"],
    [count("failed"), "failed"],
    [count("rolled-back"), "rolled back"],
  ] as const;
  return (
    parts
      .filter(([n]) => n > 0)
      .map(([n, what]) => `${n} ${what}`)
      .join(", ") || "nothing migrated"
  );
}

/** Earlier migrations: each report stays open to roll a server back later. */
export function RunsTable({ runs, onOpen }: { runs: Run[]; onOpen(run: string): void }) {
  return (
    <Stack spacing={1} component="section" aria-labelledby="earlier-runs">
      <Typography variant="h6" component="h2" id="earlier-runs">
        Earlier migrations
      </Typography>
      <Table size="small" aria-label="Earlier migrations">
        <TableHead>
          <TableRow>
            <TableCell>Started</TableCell>
            <TableCell>State</TableCell>
            <TableCell>Servers</TableCell>
            <TableCell align="right">Report</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {runs.slice(0, RUNS_SHOWN).map((run) => (
            <TableRow key={run.id}>
              <TableCell sx={{ whiteSpace: "nowrap" }}>{new Date(run.startedAt).toLocaleString()}</TableCell>
              <TableCell>{STATE_LABEL[run.state]}</TableCell>
              <TableCell>{outcome(run)}</TableCell>
              <TableCell align="right">
                <Button size="small" onClick={() => onOpen(run.id)} sx={{ whiteSpace: "nowrap" }}>
                  Open
                </Button>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Stack>
  );
}

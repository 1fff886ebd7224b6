import { Button, TableCell, TableRow } from "@mui/material";
import type { Run } from "../../api";
import { TableSection } from "./TableSection";

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
    <TableSection
      title="Earlier migrations"
      columns={[
        { label: "Started" },
        { label: "State" },
        { label: "Servers" },
        { label: "Report", align: "right" },
      ]}
    >
      {runs.slice(0, RUNS_SHOWN).map((run) => (
        <TableRow key={run.id}>
          <TableCell sx={{ whiteSpace: "nowrap" }}>{new Date(run.startedAt).toLocaleString()}</TableCell>
          <TableCell>{STATE_LABEL[run.state]}</TableCell>
          <TableCell>{outcome(run)}</TableCell>
          <TableCell align="right">
            <Button
              size="small"
              variant="outlined"
              onClick={() => onOpen(run.id)}
              sx={{ whiteSpace: "nowrap" }}
            >
              Open
            </Button>
          </TableCell>
        </TableRow>
      ))}
    </TableSection>
  );
}

import {
  Chip,
  CircularProgress,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from "@mui/material";
import type { Run, ServerRun } from "../../api";
import { keyParts, RISK_LABEL, RISKS, STEP_LABEL } from "./labels";
import { ServerStateChip } from "./ServerStateChip";

/** The steps a server has been through, the one it is at, or the one it failed at. */
export function StepTrail({ server }: { server: ServerRun }) {
  const current = server.state === "running" ? server.step : undefined;
  const failed = server.state === "failed" ? server.step : undefined;
  return (
    <Stack direction="row" spacing={0.5} useFlexGap flexWrap="wrap" aria-label={`Steps of ${server.name}`}>
      {server.done.map((step) => (
        <Chip
          key={step}
          size="small"
          color="success"
          variant="outlined"
          label={STEP_LABEL[step]}
          aria-label={`${STEP_LABEL[step]}: done`}
        />
      ))}
      {current && !server.done.includes(current) && (
        <Chip
          size="small"
          color="info"
          icon={<CircularProgress size={12} color="inherit" />}
          label={STEP_LABEL[current]}
          aria-label={`${STEP_LABEL[current]}: now`}
        />
      )}
      {failed && (
        <Chip
          size="small"
          color="error"
          label={STEP_LABEL[failed]}
          aria-label={`${STEP_LABEL[failed]}: failed`}
        />
      )}
    </Stack>
  );
}

/** What to show beside a server: its failure, why it was skipped, what is left to do, or its last log line. */
function Latest({ server, log }: { server: ServerRun; log?: string }) {
  const text = server.state === "running" ? log : (server.error ?? server.note);
  if (!text) return null;
  return (
    <Typography
      variant="body2"
      color={server.state === "failed" ? "error" : "text.secondary"}
      sx={{ fontFamily: server.state === "running" ? "monospace" : undefined, overflowWrap: "anywhere" }}
    >
      {text}
    </Typography>
  );
}

/** The run while it works: batch by batch (low, medium, high risk), each server with its steps live. */
export function RunProgress({ run, logs }: { run: Run; logs: Record<string, string> }) {
  return (
    <Stack spacing={3}>
      {RISKS.map((risk) => {
        const servers = run.servers.filter((s) => s.risk === risk);
        if (servers.length === 0) return null;
        const label = `${RISK_LABEL[risk]} risk`;
        return (
          <Stack key={risk} spacing={1} component="section" aria-label={label}>
            <Typography variant="subtitle1" component="h2">
              {label}
            </Typography>
            <Table size="small" aria-label={`${label} servers`}>
              <TableHead>
                <TableRow>
                  <TableCell sx={{ width: "22%" }}>Server</TableCell>
                  <TableCell sx={{ width: "18%" }}>State</TableCell>
                  <TableCell sx={{ width: "30%" }}>Steps</TableCell>
                  <TableCell>Latest</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {servers.map((server) => (
                  <TableRow key={server.key}>
                    <TableCell>
                      {server.name}
                      <Typography variant="body2" color="text.secondary">
                        {keyParts(server.key).origin}
                      </Typography>
                    </TableCell>
                    <TableCell>
                      <ServerStateChip server={server} />
                    </TableCell>
                    <TableCell>
                      <StepTrail server={server} />
                    </TableCell>
                    <TableCell>
                      <Latest server={server} log={logs[server.key]} />
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </Stack>
        );
      })}
    </Stack>
  );
}

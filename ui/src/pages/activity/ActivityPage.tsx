import { useState } from "react";
import {
  Chip,
  MenuItem,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from "@mui/material";
import { inDockerDesktop, type AuditOutcome, type AuditQuery } from "../../api";
import { Empty, LoadError, Loading } from "../../components/States";
import { useAudit } from "../../queries/useAudit";
import { useServers } from "../../queries/useServers";
import { PerServerCharts } from "./PerServerCharts";

const OUTCOMES: AuditOutcome[] = ["ok", "error", "timeout", "cancelled", "denied"];
const OUTCOME_COLOR = {
  ok: "success",
  error: "error",
  timeout: "warning",
  cancelled: "default",
  denied: "error",
} as const;
/** Enough for a screenful of recent history without making every refresh heavy. */
const PAGE_LIMIT = 200;

export function ActivityPage() {
  const [server, setServer] = useState("");
  const [outcome, setOutcome] = useState<AuditOutcome | "">("");
  const query: AuditQuery = { limit: PAGE_LIMIT, server: server || undefined, outcome: outcome || undefined };
  const audit = useAudit(query);
  const servers = useServers();

  return (
    <Stack spacing={2}>
      <Stack direction="row" spacing={2} alignItems="center">
        <TextField
          select
          size="small"
          label="Server"
          value={server}
          onChange={(e) => setServer(e.target.value)}
          sx={{ minWidth: 180 }}
          // Show "All …" for the empty value instead of an empty box under a placeholder-like label.
          slotProps={{ select: { displayEmpty: true }, inputLabel: { shrink: true } }}
        >
          <MenuItem value="">All servers</MenuItem>
          {(servers.data ?? []).map((s) => (
            <MenuItem key={s.name} value={s.name}>
              {s.name}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          select
          size="small"
          label="Outcome"
          value={outcome}
          onChange={(e) => setOutcome(e.target.value as AuditOutcome | "")}
          sx={{ minWidth: 160 }}
          // Show "All …" for the empty value instead of an empty box under a placeholder-like label.
          slotProps={{ select: { displayEmpty: true }, inputLabel: { shrink: true } }}
        >
          <MenuItem value="">All outcomes</MenuItem>
          {OUTCOMES.map((o) => (
            <MenuItem key={o} value={o}>
              {o}
            </MenuItem>
          ))}
        </TextField>
        <Typography variant="body2" color="text.secondary">
          {inDockerDesktop() ? "Refreshes every 5 s." : "Live."} Arguments are never stored, only their hash.
        </Typography>
      </Stack>
      {audit.isPending ? (
        <Loading what="activity" />
      ) : audit.isError ? (
        <LoadError what="activity" error={audit.error} onRetry={() => audit.refetch()} />
      ) : audit.data.length === 0 ? (
        <Empty title={server || outcome ? "No calls match these filters" : "No calls yet"}>
          {server || outcome
            ? "Clear the filters to see every call."
            : "Each tool call, prompt and resource read made through the hub appears here. Try a tool on the Servers page, or connect a client on the Clients page."}
        </Empty>
      ) : (
        <>
          <PerServerCharts events={audit.data} />
          <Table size="small" aria-label="Audit events">
            <TableHead>
              <TableRow>
                <TableCell>Time</TableCell>
                <TableCell>Client</TableCell>
                <TableCell>Server</TableCell>
                <TableCell>Call</TableCell>
                <TableCell>Outcome</TableCell>
                <TableCell align="right">Latency</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {audit.data.map((event, index) => (
                <TableRow key={`${event.time}-${event.session ?? ""}-${index}`}>
                  <TableCell>{new Date(event.time).toLocaleTimeString()}</TableCell>
                  <TableCell>{event.client ?? "unknown"}</TableCell>
                  <TableCell>{event.server}</TableCell>
                  <TableCell>
                    <code>{event.method}</code> {event.name}
                    {event.error && (
                      <Typography variant="body2" color="error">
                        {event.error}
                      </Typography>
                    )}
                  </TableCell>
                  <TableCell>
                    <Chip
                      size="small"
                      variant="outlined"
                      label={event.outcome}
                      color={OUTCOME_COLOR[event.outcome] ?? "default"}
                    />
                  </TableCell>
                  <TableCell align="right">{Math.round(event.latencyMs)} ms</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </>
      )}
    </Stack>
  );
}

import { Box, Typography } from "@mui/material";
import type { AuditEvent } from "../../api";
import { counted } from "../../components/plural";
import { BarChart } from "./BarChart";
import { formatMs, formatRate, perServerStats } from "./perServer";

/** Calls, failure rate and latency per server, from the events the page has loaded (so the filters apply). */
export function PerServerCharts({ events }: { events: readonly AuditEvent[] }) {
  const stats = perServerStats(events);
  if (stats.length === 0)
    return (
      <Typography variant="body2" color="text.secondary">
        No calls to chart yet.
      </Typography>
    );
  const maxCalls = Math.max(...stats.map((s) => s.calls));
  const maxLatency = Math.max(...stats.map((s) => s.p95Ms));
  return (
    <Box component="section" aria-label="Per-server summary">
      <Box
        sx={{
          display: "grid",
          gridTemplateColumns: { xs: "1fr", md: "repeat(3, minmax(0, 1fr))" },
          gap: 3,
        }}
      >
        <BarChart
          title="Calls per server"
          max={maxCalls}
          rows={stats.map((s) => ({
            label: s.server,
            bars: [{ value: s.calls, color: "primary.main" }],
            text: counted(s.calls, "call"),
          }))}
        />
        <BarChart
          title="Error rate per server"
          max={1}
          rows={stats.map((s) => ({
            label: s.server,
            bars: [{ value: s.errorRate, color: "error.main" }],
            text: `${formatRate(s.errorRate)} (${s.failures} of ${s.calls})`,
          }))}
        />
        <BarChart
          title="Latency per server (p50, p95)"
          max={maxLatency}
          rows={stats.map((s) => ({
            label: s.server,
            bars: [
              { value: s.p50Ms, color: "info.main" },
              { value: s.p95Ms, color: "warning.main" },
            ],
            text: `p50 ${formatMs(s.p50Ms)}, p95 ${formatMs(s.p95Ms)}`,
          }))}
        />
      </Box>
      <Typography variant="caption" color="text.secondary" component="p" sx={{ mt: 1 }}>
        From the {counted(events.length, "call")} listed below; errors are every outcome other than ok.
      </Typography>
    </Box>
  );
}

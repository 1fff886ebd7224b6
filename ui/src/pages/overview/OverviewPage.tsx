import { Alert, Box, Button, Card, CardContent, Link, Stack, Typography } from "@mui/material";
import { Link as RouterLink } from "react-router";
import { inDockerDesktop } from "../../api";
import { counted } from "../../components/plural";
import { LoadError, Loading } from "../../components/States";
import { useStatus } from "../../queries/useStatus";

function Count({ label, value, detail }: { label: string; value: number | string; detail?: string }) {
  return (
    <Card variant="outlined">
      <CardContent>
        <Typography variant="body2" color="text.secondary" component="h2">
          {label}
        </Typography>
        <Typography variant="h2" component="p">
          {value}
        </Typography>
        {detail && (
          <Typography variant="body2" color="text.secondary">
            {detail}
          </Typography>
        )}
      </CardContent>
    </Card>
  );
}

/** Standalone, this page is served by the hub itself, so its origin is the endpoint's; Desktop publishes 3010. */
function mcpEndpoint(): string {
  return inDockerDesktop() ? "http://127.0.0.1:3010/mcp" : `${window.location.origin}/mcp`;
}

function uptime(seconds: number): string {
  if (seconds < 120) return `${seconds} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  return `${Math.round(seconds / 3600)} h`;
}

function notReadyText(total: number, ready: number): string {
  const notReady = total - ready;
  if (notReady === total)
    return total === 1 ? "The server is not ready." : `None of the ${total} servers are ready.`;
  return `${notReady} of ${counted(total, "server")} ${notReady === 1 ? "is" : "are"} not ready.`;
}

export function OverviewPage() {
  const status = useStatus();
  if (status.isPending) return <Loading what="the hub status" />;
  if (status.isError)
    return <LoadError what="the hub status" error={status.error} onRetry={() => status.refetch()} />;
  const s = status.data;
  const fresh = s.servers.total === 0;
  return (
    <Stack spacing={3}>
      <Typography color="text.secondary">
        MCP Hub {s.version} · up {uptime(s.uptimeSeconds)} · MCP endpoint <code>{mcpEndpoint()}</code>
      </Typography>
      <Box sx={{ display: "grid", gridTemplateColumns: { xs: "1fr", sm: "repeat(3, 1fr)" }, gap: 2 }}>
        <Count label="Servers" value={s.servers.total} detail={`${s.servers.ready} ready`} />
        <Count label="Tools" value={s.tools} detail="from ready servers" />
        <Count label="Client sessions" value={s.sessions} detail="connected now" />
      </Box>
      {fresh ? (
        <Alert severity="info" variant="outlined">
          <Typography variant="h6" component="h2">
            Get started
          </Typography>
          <ol>
            <li>
              <Link component={RouterLink} to="/servers?add=1">
                Add your first MCP server
              </Link>{" "}
              — a container image (for example <code>mcp/time</code>) or the URL of a remote server.
            </li>
            <li>
              <Link component={RouterLink} to="/servers">
                Try one of its tools
              </Link>{" "}
              from the Servers page to check that it works.
            </li>
            <li>
              <Link component={RouterLink} to="/clients">
                Connect an MCP client
              </Link>{" "}
              (Claude Desktop, VS Code, Cursor, …) to the hub.
            </li>
          </ol>
        </Alert>
      ) : (
        s.servers.ready < s.servers.total && (
          <Alert
            severity="warning"
            action={
              <Button component={RouterLink} to="/servers" color="inherit" size="small">
                Open Servers
              </Button>
            }
          >
            {notReadyText(s.servers.total, s.servers.ready)} Their state, last error and logs are on the
            Servers page.
          </Alert>
        )
      )}
    </Stack>
  );
}

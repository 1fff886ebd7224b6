import type { ReactNode } from "react";
import { Alert, Box, Button, Card, CardContent, Stack, Typography } from "@mui/material";
import { Link as RouterLink } from "react-router";
import { inDockerDesktop, type HubStatus } from "../../api";
import { CountCard } from "../../components/CountCard";
import { counted } from "../../components/plural";
import { LoadError, Loading } from "../../components/States";
import { useServers } from "../../queries/useServers";
import { useStatus } from "../../queries/useStatus";
import { RegistryCard } from "./RegistryCard";
import { MigrateInvite } from "./MigrateInvite";

/** Action labels stay on one line; the text beside them wraps instead. */
const NO_WRAP = { whiteSpace: "nowrap" } as const;

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

/** One step of the first-run guide: what to do, why, and the one button that does it. */
function Step({
  number,
  title,
  done,
  children,
  action,
}: {
  number: number;
  title: string;
  done?: boolean;
  children: ReactNode;
  action: ReactNode;
}) {
  return (
    <Card variant="outlined" component="li" sx={{ listStyle: "none" }}>
      <CardContent>
        <Stack direction="row" spacing={2} alignItems="center">
          <Box sx={{ flex: 1, minWidth: 0 }}>
            <Typography variant="subtitle1" component="h3">
              {number}. {title}
              {done && (
                <Typography component="span" variant="body2" color="success.main">
                  {" "}
                  — done
                </Typography>
              )}
            </Typography>
            <Typography variant="body2" color="text.secondary">
              {children}
            </Typography>
          </Box>
          <Box sx={{ flexShrink: 0 }}>{action}</Box>
        </Stack>
      </CardContent>
    </Card>
  );
}

/** A fresh hub: no numbers worth showing yet, only the next steps. */
function GetStarted({ status }: { status: HubStatus }) {
  return (
    <Stack spacing={2} component="section" aria-labelledby="get-started">
      <div>
        <Typography variant="h6" component="h2" id="get-started">
          Get started
        </Typography>
        <Typography variant="body2" color="text.secondary">
          Two steps: give the hub a server, then point your AI client at the hub.
        </Typography>
      </div>
      <Stack spacing={2} component="ol" sx={{ p: 0, m: 0 }}>
        <Step
          number={1}
          title="Add an MCP server"
          action={
            <Button variant="contained" component={RouterLink} to="/servers?add=1">
              Add server
            </Button>
          }
        >
          A container image (for example <code>mcp/time</code>), which the hub runs in a hardened container,
          or the URL of a remote server. Then try its tools from the Servers page.
        </Step>
        <Step
          number={2}
          title="Connect an MCP client"
          done={status.sessions > 0}
          action={
            <Button variant="outlined" component={RouterLink} to="/clients">
              Open Clients
            </Button>
          }
        >
          Claude Desktop, VS Code, Cursor and others: the hub writes its entry into the client&apos;s
          configuration, after showing you the change.
        </Step>
      </Stack>
    </Stack>
  );
}

export function OverviewPage() {
  const status = useStatus();
  const servers = useServers();
  if (status.isPending) return <Loading what="the hub status" />;
  if (status.isError)
    return <LoadError what="the hub status" error={status.error} onRetry={() => status.refetch()} />;
  const s = status.data;
  // Built-in servers (the registry's tools) come with the hub: until the user adds one, the hub is still fresh.
  const own = servers.data?.filter((server) => server.kind !== "builtin").length ?? s.servers.total;
  return (
    <Stack spacing={3}>
      <MigrateInvite />
      {own === 0 ? (
        <GetStarted status={s} />
      ) : (
        <>
          <Box sx={{ display: "grid", gridTemplateColumns: { xs: "1fr", sm: "repeat(3, 1fr)" }, gap: 2 }}>
            <CountCard label="Servers" value={s.servers.total} detail={`${s.servers.ready} ready`} />
            <CountCard label="Tools" value={s.tools} detail="from ready servers" />
            <CountCard label="Client sessions" value={s.sessions} detail="connected now" />
          </Box>
          {s.servers.ready < s.servers.total && (
            <Alert
              severity="warning"
              action={
                <Button component={RouterLink} to="/servers" color="inherit" size="small" sx={NO_WRAP}>
                  Open Servers
                </Button>
              }
            >
              {notReadyText(s.servers.total, s.servers.ready)} Their state, last error and logs are on the
              Servers page.
            </Alert>
          )}
          {s.sessions === 0 && (
            <Alert
              severity="info"
              variant="outlined"
              action={
                <Button component={RouterLink} to="/clients" color="inherit" size="small" sx={NO_WRAP}>
                  Open Clients
                </Button>
              }
            >
              No MCP client is using the hub right now. Connect Claude Desktop, VS Code, Cursor or another
              client from the Clients page; its sessions show here once it starts.
            </Alert>
          )}
        </>
      )}
      <RegistryCard status={s.registry} />
      <Typography variant="body2" color="text.secondary">
        MCP endpoint <code>{mcpEndpoint()}</code> · up {uptime(s.uptimeSeconds)}
      </Typography>
    </Stack>
  );
}

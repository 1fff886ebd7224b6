import { useState } from "react";
import {
  Accordion,
  AccordionDetails,
  AccordionSummary,
  Alert,
  Box,
  Stack,
  Tab,
  Tabs,
  Typography,
} from "@mui/material";
import type { ServerView } from "../../api";
import { Empty, LoadError, Loading } from "../../components/States";
import { useServerLogs, useServerTools } from "../../queries/useServers";
import { TryIt } from "./TryIt";

function Tools({ server }: { server: ServerView }) {
  const tools = useServerTools(server.name, true);
  if (tools.isPending) return <Loading what="tools" />;
  if (tools.isError) return <LoadError what="tools" error={tools.error} onRetry={() => tools.refetch()} />;
  if (tools.data.length === 0)
    return (
      <Empty title="No tools">
        {server.state === "ready"
          ? "This server offers no tools (it may offer prompts or resources)."
          : `The server is ${server.state}; its tools are listed once it is ready. Check its logs.`}
      </Empty>
    );
  return (
    <Box>
      {tools.data.map((tool) => (
        <Accordion key={tool.name} disableGutters slotProps={{ transition: { unmountOnExit: true } }}>
          <AccordionSummary aria-controls={`tool-${tool.name}`} id={`tool-${tool.name}-header`}>
            <Stack>
              <Typography component="span" sx={{ fontFamily: "monospace" }}>
                {tool.name}
              </Typography>
              {tool.description && (
                <Typography component="span" variant="body2" color="text.secondary">
                  {tool.description}
                </Typography>
              )}
            </Stack>
          </AccordionSummary>
          <AccordionDetails id={`tool-${tool.name}`}>
            <TryIt server={server.name} tool={tool} />
          </AccordionDetails>
        </Accordion>
      ))}
    </Box>
  );
}

function Logs({ name }: { name: string }) {
  const logs = useServerLogs(name, true);
  if (logs.isPending) return <Loading what="logs" />;
  if (logs.isError) return <LoadError what="logs" error={logs.error} onRetry={() => logs.refetch()} />;
  if (logs.data.length === 0)
    return <Empty title="No log lines yet">The server&apos;s stderr appears here.</Empty>;
  return (
    <Box
      component="pre"
      sx={{ m: 0, p: 1, maxHeight: 400, overflow: "auto", bgcolor: "action.hover", fontSize: 12 }}
      tabIndex={0}
      aria-label={`Logs of ${name}`}
    >
      {logs.data.join("\n")}
    </Box>
  );
}

/** Tools (with try-it) and logs of one server. */
export function ServerDetails({ server }: { server: ServerView }) {
  const [tab, setTab] = useState<"tools" | "logs">("tools");
  return (
    <Stack spacing={2}>
      {server.lastError && (
        <Alert severity={server.state === "ready" ? "info" : "error"}>
          Last error: {server.lastError}
          {server.breaker !== "closed" &&
            " — the circuit breaker is open: calls fail fast until it half-opens. Restart the server after fixing the cause."}
        </Alert>
      )}
      <Tabs value={tab} onChange={(_e, value) => setTab(value)} aria-label={`${server.name} details`}>
        <Tab value="tools" label={`Tools (${server.counts.tools})`} />
        <Tab value="logs" label="Logs" />
      </Tabs>
      {tab === "tools" ? <Tools server={server} /> : <Logs name={server.name} />}
    </Stack>
  );
}

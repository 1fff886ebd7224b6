import { Alert, AlertTitle, Button } from "@mui/material";
import { Link as RouterLink } from "react-router";
import { counted } from "../../components/plural";
import { useClients } from "../../queries/useClients";

/**
 * When the user's clients still start MCP servers themselves, an invitation to the Migrate page. The client list
 * is the cheap check (the count comes with each client's status); where it cannot be had, nothing is shown.
 */
export function MigrateInvite() {
  const clients = useClients();
  const starting = (clients.data ?? []).filter((c) => (c.servers ?? 0) > 0);
  const total = starting.reduce((sum, c) => sum + (c.servers ?? 0), 0);
  if (total === 0) return null;
  return (
    <Alert
      severity="info"
      action={
        <Button
          component={RouterLink}
          to="/migrate"
          color="inherit"
          size="small"
          sx={{ whiteSpace: "nowrap" }}
        >
          Open Migrate
        </Button>
      }
    >
      <AlertTitle>Your clients start {counted(total, "MCP server")} themselves</AlertTitle>
      {starting.map((c) => `${c.displayName}: ${c.servers}`).join(", ")}. Migrate moves them into hardened
      containers behind the hub, each checked before its client entry is replaced, with a way back.
    </Alert>
  );
}

import { Box, Chip, Stack, Typography } from "@mui/material";
import type { HubStatus } from "../api";
import logoUrl from "../../../docker.svg";

type ChipColor = "default" | "success" | "warning" | "error";

/** The hub's state in a word or three, from the status query. */
export function hubState(status: { data?: HubStatus; isError: boolean }): {
  label: string;
  color: ChipColor;
} {
  if (status.isError) return { label: "Unreachable", color: "error" };
  const s = status.data;
  if (!s) return { label: "Connecting", color: "default" };
  const notReady = s.servers.total - s.servers.ready;
  if (notReady > 0)
    return {
      label: `Running, ${notReady} ${notReady === 1 ? "server" : "servers"} not ready`,
      color: "warning",
    };
  return { label: "Running", color: "success" };
}

/**
 * The extension's header, as Docker's extension guidelines ask (a header that sets the context): icon, name, what
 * it does in one line, then version and state on the right. Compact, so the page below gets the room.
 */
export function HubHeader({
  version,
  state,
}: {
  version?: string;
  state: { label: string; color: ChipColor };
}) {
  return (
    <Stack component="header" direction="row" spacing={2} alignItems="center" sx={{ mb: 1 }}>
      <Box component="img" src={logoUrl} alt="" sx={{ width: 40, height: 40, flexShrink: 0 }} />
      <Box sx={{ flex: 1, minWidth: 0 }}>
        <Typography variant="h5" component="h1">
          MCP Hub
        </Typography>
        <Typography variant="body2" color="text.secondary">
          Your MCP servers in hardened containers, one endpoint for every AI client, every call on record.
        </Typography>
      </Box>
      <Stack direction="row" spacing={1} alignItems="center" sx={{ flexShrink: 0 }}>
        {version && (
          <Typography variant="body2" color="text.secondary">
            v{version}
          </Typography>
        )}
        <Chip size="small" variant="outlined" color={state.color} label={state.label} />
      </Stack>
    </Stack>
  );
}

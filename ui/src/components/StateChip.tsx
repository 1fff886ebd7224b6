import { Chip } from "@mui/material";
import type { ServerState } from "../api";

const COLOR: Record<ServerState, "success" | "info" | "warning" | "error" | "default"> = {
  ready: "success",
  starting: "info",
  restarting: "warning",
  stopped: "default",
  failed: "error",
  "circuit-open": "error",
  "needs-authorization": "warning",
};

export function StateChip({ state }: { state: ServerState }) {
  return <Chip size="small" label={state} color={COLOR[state] ?? "default"} variant="outlined" />;
}

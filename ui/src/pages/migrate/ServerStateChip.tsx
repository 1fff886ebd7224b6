import { Chip } from "@mui/material";
import type { ServerRun } from "../../api";
import { SERVER_STATE } from "./labels";

/** A server's state in a run; one that passed every check and waits for its client file says so. */
export function ServerStateChip({ server }: { server: ServerRun }) {
  const waiting = server.state === "running" && server.step === "rewrite";
  const { label, color } = waiting
    ? { label: "Waiting for its client file", color: "warning" as const }
    : SERVER_STATE[server.state];
  return <Chip size="small" variant="outlined" label={label} color={color} />;
}

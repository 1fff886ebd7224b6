import { Chip } from "@mui/material";
import type { RegistryStatus } from "../api";

const LOOK = {
  disabled: { label: "Off", color: "default" },
  starting: { label: "Starting", color: "info" },
  running: { label: "Running", color: "success" },
  collecting: { label: "Collecting garbage", color: "warning" },
  failed: { label: "Not running", color: "error" },
} as const;

/** The local registry's state in a word or two, as a chip beside its address. */
export function RegistryStateChip({ status }: { status: RegistryStatus }) {
  const { label, color } = LOOK[status.state] ?? { label: status.state, color: "default" };
  return <Chip size="small" variant="outlined" label={label} color={color} />;
}

/** Where images are pushed: 127.0.0.1 and the port really in use; none for a hub that keeps no registry. */
export function registryAddress(status: RegistryStatus): string | undefined {
  return status.state === "disabled" ? undefined : `127.0.0.1:${status.port}`;
}

/** Said wherever the port shows: the wanted port was taken, so the hub took the next free one. */
export function portFallback(status: RegistryStatus): string | undefined {
  if ((status.state === "running" || status.state === "collecting") && status.port !== status.wantedPort)
    return `Port ${status.wantedPort} is taken, so the registry uses ${status.port}.`;
  return undefined;
}

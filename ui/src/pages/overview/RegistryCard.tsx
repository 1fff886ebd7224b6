import { Box, Button, Card, CardContent, Stack, Typography } from "@mui/material";
import { Link as RouterLink } from "react-router";
import type { RegistryStatus } from "../../api";
import { counted } from "../../components/plural";
import { portFallback, registryAddress, RegistryStateChip } from "../../components/RegistryState";
import { useRegistry } from "../../queries/useRegistry";

/** One line on the registry: where it runs, or why it does not. */
function describe(status: RegistryStatus, images: number | undefined): string {
  switch (status.state) {
    case "disabled":
      return "The hub keeps no local registry here.";
    case "failed":
      return `Could not start on port ${status.port}: ${status.error}`;
    case "starting":
      return `Starting on ${registryAddress(status)}…`;
    default:
      return [registryAddress(status), images === undefined ? undefined : counted(images, "image")]
        .filter(Boolean)
        .join(" · ");
  }
}

/** The local registry on the overview: its state, the port really in use and how many images it holds. */
export function RegistryCard({ status }: { status: RegistryStatus }) {
  const listing = useRegistry({ enabled: status.state !== "disabled" });
  const images = listing.data?.error
    ? undefined
    : listing.data?.repositories.reduce((n, r) => n + r.tags.length, 0);
  const fallback = portFallback(status);
  return (
    <Card variant="outlined" component="section" aria-labelledby="registry-card">
      <CardContent>
        <Stack direction="row" spacing={2} alignItems="center">
          <Box sx={{ flex: 1, minWidth: 0 }}>
            <Stack direction="row" spacing={1} alignItems="center">
              <Typography variant="subtitle1" component="h2" id="registry-card">
                Local registry
              </Typography>
              <RegistryStateChip status={status} />
            </Stack>
            <Typography variant="body2" color="text.secondary" sx={{ overflowWrap: "anywhere" }}>
              {describe(status, images)}
              {fallback && ` — ${fallback}`}
            </Typography>
          </Box>
          <Button variant="outlined" component={RouterLink} to="/registry" sx={{ flexShrink: 0 }}>
            Open Registry
          </Button>
        </Stack>
      </CardContent>
    </Card>
  );
}

import { Alert, Button, Stack, Table, TableBody, TableCell, TableRow } from "@mui/material";
import type { AuthorizationView, ServerView } from "../../api";

const when = (iso: string | undefined) => (iso ? new Date(iso).toLocaleString() : "—");

const STATUS: Record<AuthorizationView["status"], string> = {
  authorized: "authorized",
  required: "needs authorization",
  none: "not asked yet",
};

/** Where a remote server's OAuth authorization stands (never a token), with Authorize and Revoke. */
export function AuthorizationPanel({
  server,
  busy,
  onAuthorize,
  onRevoke,
}: {
  server: ServerView;
  busy: boolean;
  onAuthorize: () => void;
  onRevoke: () => void;
}) {
  const auth = server.authorization;
  // A remote server that never asked for authorization, and is not configured for OAuth, needs no panel.
  const configured = server.config?.kind === "remote" && Boolean(server.config.oauth);
  if (!auth || (auth.status === "none" && !configured)) return null;
  const until =
    auth.status === "authorized"
      ? auth.refreshable
        ? `until revoked (token renewed before ${when(auth.expiresAt)})`
        : when(auth.expiresAt)
      : "—";
  const rows: [string, string][] = [
    ["Status", STATUS[auth.status]],
    ["Authorization server", auth.authorizationServer ?? "—"],
    ["Scopes", auth.scopes.join(" ") || "—"],
    ["Authorized until", until],
    ["Authorized at", when(auth.authorizedAt)],
    ["Last refresh", when(auth.lastRefreshAt)],
    ["Client", `${auth.client} (redirect URI ${auth.redirectUri})`],
  ];
  return (
    <Stack spacing={1} component="section" aria-label={`Authorization of ${server.name}`}>
      {auth.lastError && auth.status !== "authorized" && (
        <Alert severity="warning">Needs authorization: {auth.lastError}</Alert>
      )}
      <Table size="small" aria-label="OAuth authorization">
        <TableBody>
          {rows.map(([label, value]) => (
            <TableRow key={label}>
              <TableCell component="th" scope="row" sx={{ width: 200 }}>
                {label}
              </TableCell>
              <TableCell sx={{ overflowWrap: "anywhere" }}>{value}</TableCell>
            </TableRow>
          ))}
          {auth.lastError && auth.status === "authorized" && (
            <TableRow>
              <TableCell component="th" scope="row">
                Last error
              </TableCell>
              <TableCell sx={{ overflowWrap: "anywhere" }}>{auth.lastError}</TableCell>
            </TableRow>
          )}
        </TableBody>
      </Table>
      <Stack direction="row" spacing={1}>
        <Button size="small" variant="outlined" disabled={busy} onClick={onAuthorize}>
          {auth.status === "authorized" ? "Authorize again" : "Authorize"}
        </Button>
        {auth.status === "authorized" && (
          <Button size="small" color="error" disabled={busy} onClick={onRevoke}>
            Revoke
          </Button>
        )}
      </Stack>
    </Stack>
  );
}

import { useEffect, useRef } from "react";
import {
  Alert,
  Button,
  Chip,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
  Stack,
  Typography,
} from "@mui/material";
import { useMutation } from "@tanstack/react-query";
import { api, errorMessage, openExternally, type ServerView } from "../../api";
import { Loading } from "../../components/States";

/**
 * Authorize a remote server behind OAuth: the hub makes an authorization page, the dialog shows what it asks for
 * (scopes, authorization server) before the user goes there, opens it in the browser, and closes itself once the
 * hub has the new authorization.
 */
export function AuthorizeDialog({
  server,
  onClose,
}: {
  server: ServerView;
  onClose: (done: boolean) => void;
}) {
  const start = useMutation({ mutationFn: () => api.authorizeServer(server.name) });
  const authorizedAt = useRef(server.authorization?.authorizedAt);
  const { mutate } = start;
  useEffect(() => mutate(), [mutate]);
  const now = server.authorization;
  const done = now?.status === "authorized" && now.authorizedAt !== authorizedAt.current;
  useEffect(() => {
    if (done) onClose(true);
  }, [done, onClose]);

  const page = start.data;
  return (
    <Dialog open onClose={() => onClose(false)} aria-labelledby="authorize-title" maxWidth="sm" fullWidth>
      <DialogTitle id="authorize-title">Authorize {server.name}</DialogTitle>
      <DialogContent>
        {start.isPending && <Loading what="the authorization page" />}
        {start.isError && (
          <Alert severity="error">Could not start authorizing: {errorMessage(start.error)}</Alert>
        )}
        {page && (
          <Stack spacing={2}>
            <DialogContentText>
              {server.name} asks <strong>{page.authorizationServer}</strong> for these scopes:
            </DialogContentText>
            <Stack direction="row" spacing={1} useFlexGap flexWrap="wrap" aria-label="Requested scopes">
              {page.scopes.length ? (
                page.scopes.map((scope) => <Chip key={scope} label={scope} size="small" />)
              ) : (
                <Typography variant="body2">(the server names no scopes)</Typography>
              )}
            </Stack>
            <Typography variant="body2" color="text.secondary">
              Sign in there and allow access; the browser comes back to the hub at {page.redirectUri}. The
              page is valid until {new Date(page.expiresAt).toLocaleTimeString()}. The hub keeps the tokens
              and renews them; your clients never see them.
            </Typography>
          </Stack>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={() => onClose(false)}>Cancel</Button>
        {page && (
          <Button
            variant="contained"
            href={page.authorizationUrl}
            target="_blank"
            rel="noopener noreferrer"
            onClick={(event) => {
              if (openExternally(page.authorizationUrl)) event.preventDefault();
            }}
          >
            Open authorization page
          </Button>
        )}
      </DialogActions>
    </Dialog>
  );
}

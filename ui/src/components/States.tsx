import type { ReactNode } from "react";
import { Alert, AlertTitle, Box, Button, CircularProgress, Stack, Typography } from "@mui/material";
import { errorMessage, hintFor } from "../api";

/** Shown while a page's first load is pending. */
export function Loading({ what }: { what: string }) {
  return (
    <Stack direction="row" spacing={2} alignItems="center" sx={{ py: 4 }} role="status">
      <CircularProgress size={24} />
      <Typography color="text.secondary">Loading {what}…</Typography>
    </Stack>
  );
}

/** A failed load: what failed, why, what to do, and a retry. */
export function LoadError({ what, error, onRetry }: { what: string; error: unknown; onRetry?: () => void }) {
  const hint = hintFor(error);
  return (
    <Alert
      severity="error"
      action={
        onRetry ? (
          <Button color="inherit" size="small" onClick={onRetry}>
            Retry
          </Button>
        ) : undefined
      }
    >
      <AlertTitle>Could not load {what}</AlertTitle>
      {errorMessage(error)}
      {hint && <Box sx={{ mt: 1 }}>{hint}</Box>}
    </Alert>
  );
}

/** Nothing to show yet: say what to do next. */
export function Empty({
  title,
  children,
  action,
}: {
  title: string;
  children?: ReactNode;
  action?: ReactNode;
}) {
  return (
    <Box sx={{ py: 4, textAlign: "center" }}>
      <Typography variant="h6" component="p">
        {title}
      </Typography>
      {children && (
        <Typography color="text.secondary" sx={{ mt: 1 }} component="div">
          {children}
        </Typography>
      )}
      {action && <Box sx={{ mt: 2 }}>{action}</Box>}
    </Box>
  );
}

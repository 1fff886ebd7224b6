import {
  Alert,
  Box,
  Button,
  CircularProgress,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
  LinearProgress,
  Stack,
  Typography,
} from "@mui/material";
import { errorMessage, hintFor, type GarbageCollection } from "../../api";
import { bytes } from "../../components/bytes";
import { useGarbageCollection } from "../../queries/useRegistry";

/** The steps so far, the last one still running; a single spinner where none arrive (Docker Desktop). */
function Progress({ steps }: { steps: string[] }) {
  if (steps.length === 0)
    return (
      <Stack direction="row" spacing={2} alignItems="center">
        <CircularProgress size={20} />
        <Typography>Collecting garbage… the registry is back once it ends.</Typography>
      </Stack>
    );
  return (
    <Box component="ol" aria-label="Garbage collection steps" sx={{ m: 0, pl: 3 }}>
      {steps.map((step, i) => (
        <Typography
          component="li"
          key={`${i}-${step}`}
          color={i < steps.length - 1 ? "text.secondary" : undefined}
        >
          {step.charAt(0).toUpperCase() + step.slice(1)}
          {i < steps.length - 1 ? " — done" : "…"}
        </Typography>
      ))}
    </Box>
  );
}

function Result({ result }: { result: GarbageCollection }) {
  return (
    <Stack spacing={2}>
      <Alert severity="success">
        Freed {bytes(result.freedBytes)}: the registry&apos;s storage went from {bytes(result.beforeBytes)} to{" "}
        {bytes(result.afterBytes)}.
      </Alert>
      {!result.deletedUntagged && (
        <Typography variant="body2" color="text.secondary">
          Untagged manifests were kept: the registry holds a multi-platform image, which deleting them would
          break.
        </Typography>
      )}
      {result.output && (
        <div>
          <Typography variant="subtitle2" component="h3">
            The registry&apos;s report
          </Typography>
          <Box
            component="pre"
            sx={{
              maxHeight: 160,
              overflow: "auto",
              fontSize: "caption.fontSize",
              m: 0,
              whiteSpace: "pre-wrap",
            }}
          >
            {result.output}
          </Box>
        </div>
      )}
    </Stack>
  );
}

/**
 * Garbage collection: asked first (the registry stops while it runs), then its steps as they come, then the bytes
 * freed. The hook lives here, outside the dialog's content, so closing the dialog does not lose a running collection.
 */
export function GarbageCollectionDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const gc = useGarbageCollection();
  const hint = hintFor(gc.error);
  return (
    <Dialog
      open={open}
      onClose={onClose}
      maxWidth="sm"
      fullWidth
      // Once it has faded out, a finished collection is forgotten: the next one starts by asking again.
      slotProps={{ transition: { onExited: () => !gc.isPending && gc.reset() } }}
    >
      <DialogTitle>{gc.isSuccess ? "Garbage collected" : "Collect garbage"}</DialogTitle>
      <DialogContent>
        {gc.isIdle && (
          <DialogContentText>
            Frees the space of layers no tag uses any more, such as those of deleted tags. The registry stops
            while it runs, usually for a few seconds: pushes and pulls fail until it is back.
          </DialogContentText>
        )}
        {gc.isPending && (
          <Stack spacing={2}>
            <LinearProgress aria-label="Collecting garbage" />
            <Progress steps={gc.steps} />
          </Stack>
        )}
        {gc.isSuccess && <Result result={gc.data} />}
        {gc.isError && (
          <Alert severity="error">
            Garbage collection failed: {errorMessage(gc.error)}
            {hint && <Box sx={{ mt: 1 }}>{hint}</Box>}
          </Alert>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{gc.isIdle ? "Cancel" : "Close"}</Button>
        {(gc.isIdle || gc.isError) && (
          <Button variant="contained" onClick={() => gc.mutate()}>
            {gc.isError ? "Try again" : "Collect garbage"}
          </Button>
        )}
      </DialogActions>
    </Dialog>
  );
}

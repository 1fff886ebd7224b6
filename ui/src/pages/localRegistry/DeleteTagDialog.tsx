import { useState } from "react";
import {
  Alert,
  Box,
  Button,
  Chip,
  CircularProgress,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  Stack,
  Typography,
} from "@mui/material";
import { ApiError, errorMessage, hintFor, type RegistryTag } from "../../api";
import { useDeleteRegistryTag, useRegistryTag } from "../../queries/useRegistry";
import { shortDigest } from "./tagSearch";

/** The hub's servers that use any of these tags, each once. */
function usersOf(tags: RegistryTag[], names: string[]): string[] {
  return [...new Set(tags.filter((t) => names.includes(t.tag)).flatMap((t) => t.usedBy))].sort();
}

interface DeleteProps {
  /** The tags of its repository as listed, for the servers that use each. */
  siblings: RegistryTag[];
  onClose: () => void;
  onDeleted: (tag: RegistryTag) => void;
}

/**
 * Deleting a tag, confirmed: the registry deletes by digest, so the dialog first asks the hub for every tag on it and
 * names them all. When the hub's servers use the image, it says which, and the only way on is "Delete anyway".
 */
export function DeleteTagDialog({ tag, ...props }: DeleteProps & { tag?: RegistryTag }) {
  // The dialog fades out after a delete or a cancel: it keeps showing the tag it was about until then.
  const [shown, setShown] = useState(tag);
  if (tag && tag !== shown) setShown(tag);
  return (
    <Dialog open={Boolean(tag)} onClose={props.onClose} maxWidth="sm" fullWidth>
      {shown && <DeleteTag key={`${shown.repository}:${shown.tag}`} tag={shown} {...props} />}
    </Dialog>
  );
}

function DeleteTag({ tag, siblings, onClose, onDeleted }: DeleteProps & { tag: RegistryTag }) {
  const detail = useRegistryTag(tag);
  const remove = useDeleteRegistryTag();
  const doomed = detail.data?.sameDigest ?? [];
  const users = usersOf(siblings, doomed);
  // A server may have started using it since the listing: the hub refuses and names it.
  const refusedInUse = remove.error instanceof ApiError && remove.error.code === "image_in_use";
  const force = users.length > 0 || refusedInUse;
  const hint = refusedInUse ? undefined : hintFor(remove.error);

  return (
    <>
      <DialogTitle>
        Delete {tag.repository}:{tag.tag}?
      </DialogTitle>
      <DialogContent>
        {detail.isPending ? (
          <Stack direction="row" spacing={2} alignItems="center" role="status">
            <CircularProgress size={20} />
            <Typography color="text.secondary">Finding every tag of this image…</Typography>
          </Stack>
        ) : detail.isError ? (
          <Alert severity="error">
            Could not read this tag from the registry: {errorMessage(detail.error)}
          </Alert>
        ) : (
          <Stack spacing={2}>
            <Typography>
              {doomed.length > 1
                ? `The registry deletes an image by its digest, so these ${doomed.length} tags go together:`
                : "The registry deletes an image by its digest; no other tag points at it:"}
            </Typography>
            <Box
              component="ul"
              aria-label="Tags deleted"
              sx={{ display: "flex", flexWrap: "wrap", gap: 1, p: 0, m: 0, listStyle: "none" }}
            >
              {doomed.map((t) => (
                <li key={t}>
                  <Chip size="small" label={`${tag.repository}:${t}`} sx={{ fontFamily: "monospace" }} />
                </li>
              ))}
            </Box>
            <Typography variant="body2" color="text.secondary">
              Digest <code>{shortDigest(detail.data.digest)}</code>. Its layers keep their space until you
              collect garbage.
            </Typography>
            {users.length > 0 && (
              <Alert severity="warning">
                {users.length === 1 ? "Used by the server " : "Used by the servers "}
                <strong>{users.join(", ")}</strong>.{" "}
                {users.length === 1
                  ? "It keeps running on the copy the engine already has, but cannot pull the image again: disable or remove it first, or delete anyway."
                  : "They keep running on the copy the engine already has, but cannot pull the image again: disable or remove them first, or delete anyway."}
              </Alert>
            )}
            {remove.isError && (
              <Alert severity="error">
                {errorMessage(remove.error)}
                {hint && <Box sx={{ mt: 1 }}>{hint}</Box>}
              </Alert>
            )}
          </Stack>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button
          color="error"
          variant="contained"
          disabled={!detail.isSuccess || remove.isPending || remove.isSuccess}
          onClick={() =>
            remove.mutate(
              { repository: tag.repository, tag: tag.tag, force },
              {
                onSuccess: () => {
                  onDeleted(tag);
                  onClose();
                },
              },
            )
          }
        >
          {force ? "Delete anyway" : "Delete"}
        </Button>
      </DialogActions>
    </>
  );
}

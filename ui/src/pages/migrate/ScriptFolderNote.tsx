import { Alert, AlertTitle, Box, Typography } from "@mui/material";
import type { ScriptFolder } from "../../api";
import { bytes } from "../../components/bytes";
import { counted } from "../../components/plural";
import { Section } from "./Section";

/**
 * The hub's reason names the CLI's --workspace-folder; the dashboard has no field for a script's own folder (the
 * review's folder field is for path arguments), so the entry needs the full path.
 */
const WORKSPACE_REASON =
  "its path starts at a folder only the client knows, like ${workspaceFolder}: point the entry at the script's full path, then scan again";

/**
 * A local script's folder, which its image is built from: what the hub packed from its mount of the home (and what
 * it left out: installed dependencies, caches, version control, credentials, links), or why it could not, in which
 * case the build would fail and the reason says what to do.
 */
export function ScriptFolderNote({ folder }: { folder: ScriptFolder }) {
  const shown = folder.folder ? (
    <Box component="code" sx={{ overflowWrap: "anywhere" }}>
      {folder.folder}
    </Box>
  ) : undefined;
  if (folder.status === "refused")
    return (
      <Alert severity="warning">
        <AlertTitle>Its folder{shown && <> {shown}</>} was not sent, so its image cannot be built</AlertTitle>
        {folder.needsWorkspaceFolder ? WORKSPACE_REASON : folder.reason}.
      </Alert>
    );
  return (
    <Section title="Its folder, for the image">
      <Typography variant="body2" sx={{ overflowWrap: "anywhere" }}>
        {shown ?? "The folder"} sent: {counted(folder.files, "file")}, {bytes(folder.bytes)}
      </Typography>
      {folder.leftOut.length > 0 && (
        <Typography variant="body2" color="text.secondary" sx={{ overflowWrap: "anywhere" }}>
          Left out: {folder.leftOut.join(", ")}. Dependencies are installed in the image; credentials stay on
          your machine.
        </Typography>
      )}
    </Section>
  );
}

import { Chip, TableCell, TableRow, Typography } from "@mui/material";
import type { FileRewrite } from "../../api";
import { FILE_STATE, ORIGIN_NAMES } from "./labels";
import { TableSection } from "./TableSection";

/** The client files a run rewrites: which, where each stands, for which servers, and the backup of each. */
export function RewrittenFiles({ files }: { files: FileRewrite[] }) {
  if (files.length === 0) return null;
  return (
    <TableSection
      title="Client files"
      columns={[
        { label: "File" },
        { label: "State" },
        { label: "Servers" },
        { label: "Backup of the original" },
      ]}
      note="The backup is the file as it was before the hub first changed it; Restore backup on the Clients page puts it back. Restart a client for its changes to take effect."
    >
      {files.map((file) => {
        const state = FILE_STATE[file.status];
        return (
          <TableRow key={`${file.origin}:${file.file}`}>
            <TableCell sx={{ overflowWrap: "anywhere" }}>
              {ORIGIN_NAMES[file.origin]}
              <Typography variant="body2" color="text.secondary" component="div">
                <code>{file.file}</code>
              </Typography>
            </TableCell>
            <TableCell>
              <Chip size="small" variant="outlined" color={state.color} label={state.label} />
              {file.error && (
                <Typography variant="body2" color="error">
                  {file.error}
                  {file.fix ? ` ${file.fix}` : ""}
                </Typography>
              )}
            </TableCell>
            <TableCell>{file.servers.join(", ")}</TableCell>
            <TableCell sx={{ overflowWrap: "anywhere" }}>
              {file.backup ? <code>{file.backup}</code> : "—"}
            </TableCell>
          </TableRow>
        );
      })}
    </TableSection>
  );
}

import { Chip, Stack, Table, TableBody, TableCell, TableHead, TableRow, Typography } from "@mui/material";
import type { FileRewrite } from "../../api";
import { FILE_STATE, ORIGIN_NAMES } from "./labels";

/** The client files a run rewrites: which, where each stands, for which servers, and the backup of each. */
export function RewrittenFiles({ files }: { files: FileRewrite[] }) {
  if (files.length === 0) return null;
  return (
    <Stack spacing={1} component="section" aria-labelledby="client-files">
      <Typography variant="h6" component="h2" id="client-files">
        Client files
      </Typography>
      <Table size="small" aria-label="Client files">
        <TableHead>
          <TableRow>
            <TableCell>File</TableCell>
            <TableCell>State</TableCell>
            <TableCell>Servers</TableCell>
            <TableCell>Backup of the original</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
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
        </TableBody>
      </Table>
      <Typography variant="body2" color="text.secondary">
        The backup is the file as it was before the hub first changed it; Restore backup on the Clients page
        puts it back. Restart a client for its changes to take effect.
      </Typography>
    </Stack>
  );
}

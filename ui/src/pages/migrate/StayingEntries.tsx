import { Stack, Table, TableBody, TableCell, TableHead, TableRow, Typography } from "@mui/material";

export interface StayingRow {
  key: string;
  entry: string;
  client: string;
  reason: string;
}

/** Entries that stay in their clients as they are, and why: they cannot migrate, or the user left them out. */
export function StayingEntries({ rows }: { rows: StayingRow[] }) {
  if (rows.length === 0) return null;
  return (
    <Stack spacing={1} component="section" aria-labelledby="staying">
      <Typography variant="h6" component="h2" id="staying">
        Staying in your clients
      </Typography>
      <Typography variant="body2" color="text.secondary">
        Their clients keep starting them as before.
      </Typography>
      <Table size="small" aria-label="Entries that stay in their clients">
        <TableHead>
          <TableRow>
            <TableCell>Entry</TableCell>
            <TableCell>Client</TableCell>
            <TableCell>Why it stays</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.map((row) => (
            <TableRow key={row.key}>
              <TableCell sx={{ whiteSpace: "nowrap" }}>{row.entry}</TableCell>
              <TableCell sx={{ whiteSpace: "nowrap" }}>{row.client}</TableCell>
              <TableCell>{row.reason}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Stack>
  );
}

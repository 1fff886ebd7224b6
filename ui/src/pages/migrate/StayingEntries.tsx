import { TableCell, TableRow } from "@mui/material";
import { TableSection } from "./TableSection";

export interface StayingRow {
  key: string;
  entry: string;
  client: string;
  reason: string;
}

/** Staying in your clients as they are, and why: they cannot migrate, or the user left them out. */
export function StayingEntries({ rows }: { rows: StayingRow[] }) {
  if (rows.length === 0) return null;
  return (
    <TableSection
      title="Staying in your clients"
      intro="Their clients keep starting them as before."
      columns={[{ label: "Entry" }, { label: "Client" }, { label: "Why it stays" }]}
    >
      {rows.map((row) => (
        <TableRow key={row.key}>
          <TableCell sx={{ whiteSpace: "nowrap" }}>{row.entry}</TableCell>
          <TableCell sx={{ whiteSpace: "nowrap" }}>{row.client}</TableCell>
          <TableCell>{row.reason}</TableCell>
        </TableRow>
      ))}
    </TableSection>
  );
}

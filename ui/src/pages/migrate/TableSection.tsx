import { useId, type ReactNode } from "react";
import { Stack, Table, TableBody, TableCell, TableHead, TableRow, Typography } from "@mui/material";

export interface Column {
  label: string;
  align?: "right";
}

/** A section of the page that is one table: its heading names both, a line may explain it, a note may follow. */
export function TableSection({
  title,
  intro,
  columns,
  children,
  note,
}: {
  title: string;
  intro?: ReactNode;
  columns: Column[];
  /** The rows. */
  children: ReactNode;
  note?: ReactNode;
}) {
  const id = useId();
  return (
    <Stack spacing={1} component="section" aria-labelledby={id}>
      <Typography variant="h6" component="h2" id={id}>
        {title}
      </Typography>
      {intro && (
        <Typography variant="body2" color="text.secondary">
          {intro}
        </Typography>
      )}
      <Table size="small" aria-label={title}>
        <TableHead>
          <TableRow>
            {columns.map((column) => (
              <TableCell key={column.label} align={column.align}>
                {column.label}
              </TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>{children}</TableBody>
      </Table>
      {note && (
        <Typography variant="body2" color="text.secondary">
          {note}
        </Typography>
      )}
    </Stack>
  );
}

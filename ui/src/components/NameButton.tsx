import type { ReactNode } from "react";
import { Button } from "@mui/material";

/**
 * A name in a table that opens its row's details. Names are identifiers (a server's prefixes its tools): shown as
 * typed, in monospace, and at the start of the cell like the text of the other columns (a button centres its label
 * in a 64px minimum).
 */
export function NameButton({
  selected,
  onClick,
  label,
  children,
}: {
  selected: boolean;
  onClick(): void;
  /** The accessible name, when the text shown is not the whole name. */
  label?: string;
  children: ReactNode;
}) {
  return (
    <Button
      size="small"
      onClick={onClick}
      aria-expanded={selected}
      aria-label={label}
      sx={{
        textTransform: "none",
        fontFamily: "monospace",
        minWidth: 0,
        justifyContent: "flex-start",
        textAlign: "left",
      }}
    >
      {children}
    </Button>
  );
}

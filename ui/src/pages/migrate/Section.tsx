import type { ReactNode } from "react";
import { Stack, Typography } from "@mui/material";

/** A titled part of an entry under review (its folders, its secrets, …). */
export function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Stack spacing={0.5}>
      <Typography variant="subtitle2" component="h4">
        {title}
      </Typography>
      {children}
    </Stack>
  );
}

import { Box, Stack, Typography } from "@mui/material";
import { CopyButton } from "./CopyButton";

/** A command or file text, selectable, with a copy button; named by its label (for screen readers too). */
export function Snippet({ label, text, what }: { label: string; text: string; what: string }) {
  return (
    <Stack spacing={0.5}>
      <Stack direction="row" justifyContent="space-between" alignItems="center" spacing={2}>
        <Typography variant="subtitle2" component="h3">
          {label}
        </Typography>
        <CopyButton text={text} what={what} />
      </Stack>
      <Box
        component="pre"
        aria-label={label}
        // A long entry scrolls inside its box, so the notes below stay in view.
        sx={{
          m: 0,
          p: 1.5,
          maxHeight: 360,
          overflow: "auto",
          fontSize: "body2.fontSize",
          bgcolor: "action.hover",
          borderRadius: 1,
        }}
      >
        {text}
      </Box>
    </Stack>
  );
}

import { useState, type FormEvent } from "react";
import { Alert, Box, Button, Paper, Stack, TextField, Typography } from "@mui/material";

/** Standalone dashboard without a (valid) token: ask for it, and say where to find it. */
export function TokenPrompt({ rejected, onToken }: { rejected: boolean; onToken: (token: string) => void }) {
  const [value, setValue] = useState("");
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (value.trim()) onToken(value.trim());
  };
  return (
    <Box sx={{ display: "flex", justifyContent: "center", mt: 8 }}>
      <Paper sx={{ p: 4, maxWidth: 560 }} component="form" onSubmit={submit}>
        <Stack spacing={2}>
          <Typography variant="h3" component="h1">
            MCP Hub
          </Typography>
          {rejected && (
            <Alert severity="warning">The hub refused that token. It may have been rotated.</Alert>
          )}
          <Typography>
            The dashboard needs the hub&apos;s token. <code>make run</code> prints a link that includes it; or
            run <code>docker exec mcp-hub mcp-hub token</code> and paste it here. It is kept only for this
            tab.
          </Typography>
          <TextField
            label="Token"
            type="password"
            autoComplete="off"
            value={value}
            onChange={(e) => setValue(e.target.value)}
            autoFocus
            fullWidth
          />
          <div>
            <Button type="submit" variant="contained" disabled={!value.trim()}>
              Open the dashboard
            </Button>
          </div>
        </Stack>
      </Paper>
    </Box>
  );
}

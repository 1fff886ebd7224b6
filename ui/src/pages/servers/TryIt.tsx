import { Alert, Box, LinearProgress, Stack, Typography } from "@mui/material";
import type { JsonSchema, ToolView, TryItOutcome } from "../../api";
import { counted } from "../../components/plural";
import { SchemaForm } from "../../components/SchemaForm";
import { useToolCall } from "../../queries/useToolCall";

function Result({ outcome }: { outcome: TryItOutcome }) {
  if (outcome.outcome !== "ok")
    return (
      <Alert severity={outcome.outcome === "cancelled" ? "info" : "error"}>
        {outcome.outcome === "timeout"
          ? "Timed out"
          : outcome.outcome === "cancelled"
            ? "Cancelled"
            : "Failed"}{" "}
        after {outcome.latencyMs} ms: {outcome.error.message}
        {outcome.outcome === "timeout" && " — raise the call timeout in Settings if the tool is just slow."}
      </Alert>
    );
  const { result } = outcome;
  return (
    <Stack spacing={1}>
      <Alert severity={result.isError ? "warning" : "success"}>
        {result.isError ? "The tool reported an error" : "OK"} in {outcome.latencyMs} ms
        {outcome.progress.length ? `, ${counted(outcome.progress.length, "progress update")}` : ""}
      </Alert>
      {result.content.map((item, index) =>
        item.type === "text" ? (
          <Box
            key={index}
            component="pre"
            sx={{ m: 0, p: 1, bgcolor: "action.hover", whiteSpace: "pre-wrap", wordBreak: "break-word" }}
          >
            {item.text}
          </Box>
        ) : (
          <Box key={index} component="pre" sx={{ m: 0, p: 1, bgcolor: "action.hover", overflow: "auto" }}>
            {JSON.stringify(item, null, 2).slice(0, 4000)}
          </Box>
        ),
      )}
      {result.structuredContent !== undefined && (
        <Box component="pre" sx={{ m: 0, p: 1, bgcolor: "action.hover", overflow: "auto" }}>
          {JSON.stringify(result.structuredContent, null, 2)}
        </Box>
      )}
    </Stack>
  );
}

/** The try-it form for one tool and what came back. */
export function TryIt({ server, tool }: { server: string; tool: ToolView }) {
  const call = useToolCall(server, tool.name);
  const p = call.progress;
  return (
    <Stack spacing={2}>
      <SchemaForm
        // The form reads the part of JSON Schema it understands; the contract leaves property schemas untyped.
        schema={tool.inputSchema as JsonSchema}
        busy={call.isPending}
        submitLabel={`Call ${tool.name}`}
        onSubmit={(args) => call.mutate(args)}
      />
      {call.isPending && (
        <Box>
          <LinearProgress
            aria-label={`Calling ${tool.name}`}
            variant={p?.total ? "determinate" : "indeterminate"}
            value={p?.total ? Math.min(100, (100 * p.progress) / p.total) : undefined}
          />
          <Typography variant="body2" color="text.secondary">
            {p
              ? `${p.message ?? "Progress"}: ${p.progress}${p.total ? ` of ${p.total}` : ""}`
              : "Waiting for the server…"}
          </Typography>
        </Box>
      )}
      {call.data && <Result outcome={call.data} />}
    </Stack>
  );
}

import { useState } from "react";
import { Alert, AlertTitle, Box, Button, LinearProgress, Stack, Typography } from "@mui/material";
import { errorMessage } from "../../api";
import { counted } from "../../components/plural";
import { Empty, LoadError, Loading } from "../../components/States";
import { useMigrationPlan, useMigrationScan, useStartRun } from "../../queries/useMigration";
import { EntryCard } from "./EntryCard";
import { originName } from "./labels";
import { MigrateStepper } from "./MigrateStepper";
import { toReview, withChoice, type Choices, type Review } from "./review";
import { StayingEntries } from "./StayingEntries";
import { useDebounced } from "./useDebounced";

/** Choices are planned again once the user pauses this long: each plan asks npm for exact versions. */
const PLAN_DELAY_MS = 400;

/** Files the scan could not read: never changed, with where the error is. */
function InvalidFiles({ files }: { files: Review["invalid"] }) {
  return files.map((file) => (
    <Alert key={`${file.origin}:${file.file}`} severity="error">
      <AlertTitle>
        {originName(file)}: <code>{file.file}</code> could not be read
      </AlertTitle>
      {file.error.line > 0 && `Line ${file.error.line}, column ${file.error.column}: `}
      {file.error.message}. Fix the file and scan again; the hub changes nothing in a file it cannot read.
    </Alert>
  ));
}

/**
 * The review: each entry of each client file with what it becomes (kind, exact version, name, risk, folders, secret
 * names, internet access), changeable; what cannot migrate and why; then the run.
 */
export function ReviewStep({
  scanId,
  onBack,
  onStarted,
}: {
  scanId: string;
  onBack(): void;
  onStarted(run: string): void;
}) {
  const scan = useMigrationScan(scanId);
  const [choices, setChoices] = useState<Choices>({});
  const settled = useDebounced(choices, PLAN_DELAY_MS);
  const plan = useMigrationPlan(scanId, settled);
  const start = useStartRun();
  const back = (
    <Button variant="outlined" onClick={onBack}>
      Back
    </Button>
  );

  let body;
  if (scan.isPending) body = <Loading what="the scan" />;
  else if (scan.isError)
    body = <LoadError what="the scan" error={scan.error} onRetry={() => scan.refetch()} />;
  else if (plan.isPending) body = <Loading what="the plan (exact versions come from npm)" />;
  else if (!plan.data) body = <LoadError what="the plan" error={plan.error} onRetry={() => plan.refetch()} />;
  if (body || !scan.data || !plan.data)
    return (
      <Stack spacing={3}>
        <MigrateStepper active={1} />
        {body}
        <Box>{back}</Box>
      </Stack>
    );

  const review = toReview(scan.data, plan.data, choices);
  const updating = plan.isFetching || settled !== choices;
  const servers = plan.data.servers.length;
  const nothing = review.files.length === 0 && review.staying.length === 0;
  const staying = review.staying.length;
  const summary = [
    `${counted(servers, "server")} will migrate`,
    staying > 0 && `${staying} will stay in ${staying === 1 ? "its client" : "their clients"}`,
  ]
    .filter(Boolean)
    .join(", ");
  return (
    <Stack spacing={3}>
      <MigrateStepper active={1} />
      {!nothing && (
        <Typography variant="body2" color="text.secondary">
          {summary}. Change a server&apos;s name, risk, folders or internet access below: the plan follows.
          Nothing changes until you start.
        </Typography>
      )}
      <InvalidFiles files={review.invalid} />
      {nothing && (
        <Empty title="No MCP servers to migrate">
          {review.invalid.length
            ? "Nothing could be read from these files."
            : "These files start no server of their own: there is nothing to move behind the hub."}
        </Empty>
      )}
      {review.files.map((file) => (
        <Stack key={`${file.origin}:${file.file}`} spacing={1.5} component="section" aria-label={file.file}>
          <div>
            <Typography variant="h6" component="h2">
              {originName(file)}
            </Typography>
            <Typography variant="body2" color="text.secondary" sx={{ overflowWrap: "anywhere" }}>
              <code>{file.file}</code> · {counted(file.entries.length, "server")} to review
            </Typography>
          </div>
          {file.entries.map((entry) => (
            <EntryCard
              key={entry.candidate.key}
              entry={entry}
              choice={choices[entry.candidate.key]}
              onChange={(change) => setChoices((all) => withChoice(all, entry.candidate.key, change))}
            />
          ))}
        </Stack>
      ))}
      <StayingEntries
        rows={review.staying.map(({ candidate, reason }) => ({
          key: candidate.key,
          entry: candidate.entryName,
          client: originName(candidate),
          reason,
        }))}
      />
      {plan.isError && <Alert severity="error">Could not update the plan: {errorMessage(plan.error)}</Alert>}
      <Stack spacing={1}>
        {updating ? <LinearProgress aria-label="Updating the plan" /> : <Box sx={{ height: 4 }} />}
        <Stack direction="row" spacing={2} alignItems="center" useFlexGap flexWrap="wrap">
          {back}
          <Typography variant="body2" color="text.secondary" sx={{ flex: 1, minWidth: 240 }}>
            Low-risk servers go first, then medium, then high. Each one is checked through the hub before its
            client entry is replaced, and each client file is backed up first.
          </Typography>
          <Button
            variant="contained"
            disabled={updating || plan.isError || servers === 0 || start.isPending}
            onClick={() => start.mutate(plan.data.id, { onSuccess: (run) => onStarted(run.id) })}
          >
            {servers === 0 ? "Nothing to migrate" : `Migrate ${counted(servers, "server")}`}
          </Button>
        </Stack>
      </Stack>
    </Stack>
  );
}

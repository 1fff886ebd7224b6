import { Alert, Box, Button, LinearProgress, Stack, Typography } from "@mui/material";
import { inDockerDesktop, type Run } from "../../api";
import { LoadError, Loading } from "../../components/States";
import { useMigrationReport, useMigrationRun, useRunActions } from "../../queries/useMigrationRun";
import { MigrateStepper } from "./MigrateStepper";
import { RewriteNotice } from "./RewriteNotice";
import { RewrittenFiles } from "./RewrittenFiles";
import { RunProgress } from "./RunProgress";
import { RunReport } from "./RunReport";

/** When a run started and finished, the day said once when both fall on it. */
function startedAndFinished(started: Date, finished: Date): string {
  const sameDay = started.toDateString() === finished.toDateString();
  return `Started ${started.toLocaleString()}, finished ${sameDay ? finished.toLocaleTimeString() : finished.toLocaleString()}`;
}

/** Where the run stands, in a line, with its progress while it works. */
function RunHeader({ run }: { run: Run }) {
  const counted = run.servers.filter((s) => s.state !== "skipped");
  const finished = counted.filter(
    (s) => s.state !== "pending" && (s.state !== "running" || s.step === "rewrite"),
  ).length;
  const title = {
    running: `Migrating: ${finished} of ${counted.length} servers through their steps`,
    "waiting-for-rewrite": "Waiting for the client files to be written",
    interrupted: "Interrupted",
    done: "Migration done",
  }[run.state];
  return (
    <Stack spacing={1}>
      <Typography variant="h6" component="h2">
        {title}
      </Typography>
      {run.state === "running" && (
        <LinearProgress
          variant="determinate"
          value={counted.length ? (100 * finished) / counted.length : 0}
          aria-label="Migration progress"
        />
      )}
      {run.finishedAt && run.state === "done" && (
        <Typography variant="body2" color="text.secondary">
          {startedAndFinished(new Date(run.startedAt), new Date(run.finishedAt))}
        </Typography>
      )}
    </Stack>
  );
}

/**
 * A run: each server's steps live while it works (batches low → medium → high risk), then the report with a
 * rollback per migrated server, and the client files with their backups.
 */
export function RunStep({ id, onNew }: { id: string; onNew(): void }) {
  const run = useMigrationRun(id);
  const actions = useRunActions(id);
  const working = run.data?.state === "running";
  const report = useMigrationReport(id, Boolean(run.data) && !working);
  const another = (
    <Box>
      <Button variant="outlined" onClick={onNew}>
        Migrate more servers
      </Button>
    </Box>
  );
  if (!run.data)
    return (
      <Stack spacing={3}>
        <MigrateStepper active={2} />
        {run.isError ? (
          <LoadError what="the migration" error={run.error} onRetry={() => run.refetch()} />
        ) : (
          <Loading what="the migration" />
        )}
        {another}
      </Stack>
    );

  const current = run.data;
  let body;
  if (working) body = <RunProgress run={current} logs={run.logs} />;
  else if (report.data)
    body = (
      <RunReport
        report={report.data}
        busy={actions.rollback.isPending || current.state !== "done"}
        onRollback={(server) => actions.rollback.mutate(server)}
      />
    );
  else if (report.isError)
    body = <LoadError what="the report" error={report.error} onRetry={() => report.refetch()} />;
  else body = <Loading what="the report" />;
  return (
    <Stack spacing={3}>
      <MigrateStepper active={working ? 2 : 3} />
      <RunHeader run={current} />
      {current.state === "interrupted" && (
        <Alert
          severity="warning"
          action={
            <Button
              color="inherit"
              size="small"
              disabled={actions.resume.isPending}
              onClick={() => actions.resume.mutate()}
            >
              Resume
            </Button>
          }
        >
          The hub stopped during this migration. Resume goes on from each server&apos;s last step done.
        </Alert>
      )}
      {current.state === "waiting-for-rewrite" && <RewriteNotice run={current} actions={actions} />}
      {inDockerDesktop() && actions.writeRewrites.isSuccess && current.state === "done" && (
        <Alert severity="success">
          The host helper wrote your client files on your machine; each is listed below with its backup.
        </Alert>
      )}
      {body}
      <RewrittenFiles files={current.files} />
      {!working && another}
    </Stack>
  );
}

import { useEffect, useRef } from "react";
import { Alert, AlertTitle, Box, Button, CircularProgress, Stack } from "@mui/material";
import { errorMessage, hostHelperCommand, inDockerDesktop, type FileRewrite, type Run } from "../../api";
import { Snippet } from "../../components/Snippet";
import type { useRunActions } from "../../queries/useMigrationRun";
import { keyParts } from "./labels";

type Actions = ReturnType<typeof useRunActions>;

/** The entries a pending file's rewrite takes out (or, for a rollback, puts back). */
function entriesOf(run: Run, file: FileRewrite): { entries: string; rollback: boolean } {
  const servers = run.servers.filter((s) => file.servers.includes(s.name));
  return {
    entries: servers.map((s) => keyParts(s.key).entry).join(", "),
    rollback: servers.some((s) => s.state === "migrated"),
  };
}

/** An uploaded file: nothing here can write it, so the user edits it and says so (or leaves it as it was). */
function UploadedFile({ run, file, actions }: { run: Run; file: FileRewrite; actions: Actions }) {
  const { entries, rollback } = entriesOf(run, file);
  const report = (status: "written" | "failed") =>
    actions.reportRewrites.mutate({
      outcomes: [
        status === "written"
          ? { file: file.file, status }
          : { file: file.file, status, error: "left as it was by you" },
      ],
    });
  return (
    <Alert
      severity="warning"
      action={
        <Stack direction="row" spacing={1}>
          {!rollback && (
            <Button
              color="inherit"
              size="small"
              onClick={() => report("failed")}
              sx={{ whiteSpace: "nowrap" }}
            >
              Leave it as it was
            </Button>
          )}
          <Button
            color="inherit"
            size="small"
            onClick={() => report("written")}
            sx={{ whiteSpace: "nowrap" }}
          >
            {rollback ? "I have put it back" : "I have edited it"}
          </Button>
        </Stack>
      }
    >
      <AlertTitle>
        Edit <code>{file.file}</code> yourself
      </AlertTitle>
      {rollback
        ? `It is a file you uploaded, so the hub cannot write it: put the entry ${entries} back as your copy has it.`
        : `It is a file you uploaded, so the hub cannot write it: take out ${entries} (now behind the hub), and connect the client to the hub from the Clients page.`}{" "}
      Then tell the hub; leaving it as it was undoes these servers.
    </Alert>
  );
}

/**
 * The run waits for client files to be written on the user's machine. Inside Docker Desktop the host helper writes
 * them now (once per wait); standalone, the hub could not reach them, so the page says how to finish.
 */
export function RewriteNotice({ run, actions }: { run: Run; actions: Actions }) {
  const { writeRewrites } = actions;
  const pending = run.files.filter((f) => f.status === "pending");
  const command = hostHelperCommand(["migrate", "resume", run.id]);
  const desktop = inDockerDesktop();
  const wait = `${run.id}:${pending.map((f) => f.file).join("|")}:${run.servers.map((s) => s.state).join()}`;
  const asked = useRef<string>(undefined);
  const write = writeRewrites.mutate;
  useEffect(() => {
    if (!desktop || asked.current === wait) return;
    asked.current = wait;
    write();
  }, [desktop, wait, write]);

  const manual = <Snippet label="To finish, run this on your machine" text={command} what="command" />;
  if (desktop)
    return writeRewrites.isPending ? (
      <Alert severity="info" icon={<CircularProgress size={20} />}>
        The host helper is writing your client files on your machine, each backed up first…
      </Alert>
    ) : (
      <Alert
        severity={writeRewrites.isError ? "error" : "warning"}
        action={
          <Button color="inherit" size="small" onClick={() => writeRewrites.mutate()}>
            Retry
          </Button>
        }
      >
        <AlertTitle>
          {writeRewrites.isError
            ? "The host helper could not write your client files"
            : "Your client files are still to be written"}
        </AlertTitle>
        {writeRewrites.isError && errorMessage(writeRewrites.error)}
        <Box sx={{ mt: 2 }}>{manual}</Box>
      </Alert>
    );

  const uploaded = pending.filter((f) => f.origin === "upload");
  const onMachine = pending.filter((f) => f.origin !== "upload");
  return (
    <Stack spacing={2}>
      {uploaded.map((file) => (
        <UploadedFile key={file.file} run={run} file={file} actions={actions} />
      ))}
      {onMachine.length > 0 && (
        <Alert severity="warning">
          <AlertTitle>Your client files are still to be written</AlertTitle>
          This hub cannot reach {onMachine.map((f) => f.file).join(", ")}. The host helper writes them on your
          machine, each backed up first, and this page follows.
          <Box sx={{ mt: 2 }}>{manual}</Box>
        </Alert>
      )}
    </Stack>
  );
}

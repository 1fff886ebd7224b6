import { useState } from "react";
import {
  Alert,
  Box,
  Card,
  CardContent,
  Checkbox,
  Chip,
  FormControlLabel,
  MenuItem,
  Stack,
  Switch,
  TextField,
  Typography,
} from "@mui/material";
import { serverNameSchema } from "@mcp-hub/contracts";
import type { Choice, PathArgument, PlannedServer, RiskLevel } from "../../api";
import { KIND_LABEL, RISK_LABEL, RISKS } from "./labels";
import type { ReviewEntry } from "./review";
import { ScriptFolderNote } from "./ScriptFolderNote";
import { Section } from "./Section";

type Change = (change: Partial<Choice>) => void;

interface EntryProps {
  entry: ReviewEntry;
  choice?: Choice;
  onChange: Change;
}

/** The server name: a name the hub refuses stays in the field with the rule, and is not planned. */
function NameField({
  planned,
  choice,
  onChange,
}: {
  planned: PlannedServer;
  choice?: Choice;
  onChange: Change;
}) {
  const [draft, setDraft] = useState<string | undefined>();
  const value = draft ?? choice?.name ?? planned.name;
  const problem =
    draft === undefined ? undefined : serverNameSchema.safeParse(draft).error?.issues[0]?.message;
  const helper =
    problem ??
    (planned.renamedFrom && planned.name !== value
      ? `Will be ${planned.name}: ${value} is taken`
      : planned.renamedFrom
        ? `Renamed from ${planned.renamedFrom}, which is taken`
        : `Its tools become ${planned.name}__…`);
  return (
    <TextField
      size="small"
      label="Server name"
      value={value}
      error={Boolean(problem)}
      helperText={helper}
      onChange={(e) => {
        const name = e.target.value;
        if (serverNameSchema.safeParse(name).success) {
          setDraft(undefined);
          onChange({ name });
        } else setDraft(name);
      }}
      sx={{ width: 240 }}
    />
  );
}

/** A path argument: bound at the same path, read-only unless the user allows writing; a placeholder needs a folder. */
function PathRow({
  path,
  mount,
  choice,
  onChange,
}: {
  path: PathArgument;
  /** Where the plan binds it from (the engine's spelling of a Windows path, say). */
  mount?: PlannedServer["mounts"][number];
  choice?: Choice;
  onChange: Change;
}) {
  const allowed = choice?.writable ?? [];
  const writable = path.writable || allowed.includes(path.path);
  const setWritable = (on: boolean) =>
    onChange({ writable: on ? [...allowed, path.path] : allowed.filter((p) => p !== path.path) });
  return (
    <Stack direction="row" spacing={2} alignItems="center" useFlexGap flexWrap="wrap">
      <Box component="code" sx={{ overflowWrap: "anywhere", minWidth: 0 }}>
        {path.path}
      </Box>
      {path.needsChoice && (
        <TextField
          size="small"
          label={`Folder for ${path.path}`}
          placeholder="/home/you/project"
          value={choice?.workspaceFolder ?? ""}
          onChange={(e) => onChange({ workspaceFolder: e.target.value })}
          sx={{ width: 280 }}
        />
      )}
      <FormControlLabel
        control={
          <Switch
            size="small"
            checked={writable}
            disabled={path.writable}
            onChange={(e) => setWritable(e.target.checked)}
            slotProps={{ input: { "aria-label": `${path.path} writable` } }}
          />
        }
        label={writable ? "Writable" : "Read-only"}
      />
      {mount && mount.source !== path.path && !path.needsChoice && (
        <Typography variant="body2" color="text.secondary">
          bound from <code>{mount.source}</code>
        </Typography>
      )}
    </Stack>
  );
}

/**
 * What the server will be: its settings the user can change, its folders, secrets by name, a script's own folder
 * (sent, or why not), and the plan's notes.
 */
function PlannedDetails({ entry, choice, onChange }: EntryProps) {
  const { candidate, planned } = entry;
  return (
    <Stack spacing={2}>
      {planned && (
        <Stack direction="row" spacing={2} alignItems="flex-start" useFlexGap flexWrap="wrap">
          <NameField planned={planned} choice={choice} onChange={onChange} />
          <TextField
            select
            size="small"
            label="Risk"
            value={choice?.risk ?? planned.risk}
            helperText={planned.riskReason === "chosen" ? "Chosen by you" : `Proposed: ${planned.riskReason}`}
            onChange={(e) => onChange({ risk: e.target.value as RiskLevel })}
            sx={{ width: 320 }} // the proposal's reason fits on one line under it
          >
            {RISKS.map((risk) => (
              <MenuItem key={risk} value={risk}>
                {RISK_LABEL[risk]}
              </MenuItem>
            ))}
          </TextField>
          {/* The hub itself reaches a remote server: there is no container whose network to choose. */}
          {planned.kind !== "remote" && (
            <FormControlLabel
              control={
                <Switch
                  checked={choice?.egress ?? planned.egress}
                  onChange={(e) => onChange({ egress: e.target.checked })}
                />
              }
              label="Internet access"
              sx={{ mt: 0.5 }}
            />
          )}
        </Stack>
      )}
      {candidate.paths.length > 0 && (
        <Section title="Folders it is given">
          {candidate.paths.map((path, i) => (
            <PathRow
              key={path.path}
              path={path}
              mount={planned?.mounts[i]}
              choice={choice}
              onChange={onChange}
            />
          ))}
        </Section>
      )}
      {candidate.envNames.length > 0 && (
        <Section title="Secrets">
          <Stack direction="row" spacing={1} useFlexGap flexWrap="wrap" alignItems="center">
            {candidate.envNames.map((name) => (
              <Chip key={name} size="small" variant="outlined" label={name} />
            ))}
            <Typography variant="body2" color="text.secondary">
              Their values move to the hub&apos;s secret store; they are never shown.
            </Typography>
          </Stack>
        </Section>
      )}
      {planned?.image && (
        <Typography variant="body2" color="text.secondary">
          Image <code>{planned.image}</code> in the local registry
        </Typography>
      )}
      {entry.folder && <ScriptFolderNote folder={entry.folder} />}
      {planned?.notes.map((note) => (
        <Alert key={note} severity="info" variant="outlined">
          {note}
        </Alert>
      ))}
      {!planned && entry.skipped && (
        <Alert severity="warning">It would stay in its client: {entry.skipped.reason}.</Alert>
      )}
    </Stack>
  );
}

/** One entry of a client file under review: what it is, what it becomes, and the choices the user has. */
export function EntryCard({ entry, choice, onChange }: EntryProps) {
  const { candidate, planned } = entry;
  const included = choice?.include !== false;
  const source = planned?.source ?? candidate.source;
  return (
    <Card variant="outlined" component="section" aria-label={`Entry ${candidate.entryName}`}>
      <CardContent>
        <Stack spacing={2}>
          <Stack direction="row" spacing={1.5} alignItems="center" useFlexGap flexWrap="wrap">
            <Checkbox
              checked={included}
              onChange={(e) => onChange({ include: e.target.checked })}
              slotProps={{ input: { "aria-label": `Migrate ${candidate.entryName}` } }}
              sx={{ ml: -1 }}
            />
            <Typography variant="subtitle1" component="h3" sx={{ fontWeight: 600 }}>
              {candidate.entryName}
            </Typography>
            <Chip size="small" label={KIND_LABEL[candidate.kind]} />
            {source && (
              <Box component="code" sx={{ overflowWrap: "anywhere", minWidth: 0 }}>
                {source}
              </Box>
            )}
            {candidate.launcher && candidate.kind !== "remote" && (
              <Typography variant="body2" color="text.secondary">
                started with {candidate.launcher}
              </Typography>
            )}
          </Stack>
          {included ? (
            <PlannedDetails entry={entry} choice={choice} onChange={onChange} />
          ) : (
            <Typography variant="body2" color="text.secondary">
              Left out: it stays in its client as it is.
            </Typography>
          )}
        </Stack>
      </CardContent>
    </Card>
  );
}

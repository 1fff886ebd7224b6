import { useState } from "react";
import {
  Alert,
  Button,
  Chip,
  Paper,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from "@mui/material";
import type { AgentView } from "../../api";
import { NameButton } from "../../components/NameButton";
import { counted } from "../../components/plural";
import { RemoveDialog } from "../../components/RemoveDialog";
import { StateChip } from "../../components/StateChip";
import { Empty, LoadError, Loading } from "../../components/States";
import { useAgentMutations, useAgents } from "../../queries/useAgents";
import { AddAgentDialog } from "./AddAgentDialog";

/** One agent's card: what it does, its skills, how the hub talks to it, and what is wrong with it. */
function AgentCard({ agent }: { agent: AgentView }) {
  const card = agent.card;
  return (
    <Paper variant="outlined" sx={{ p: 2 }} component="section" aria-label={`Agent ${agent.name}`}>
      <Stack spacing={1.5}>
        <Typography variant="h6" component="h2">
          {card?.name ?? agent.name}
        </Typography>
        <Typography variant="body2" color="text.secondary" sx={{ overflowWrap: "anywhere" }}>
          {agent.source === "image" ? "Image" : "Card"}: {agent.location}
        </Typography>
        {agent.lastError && <Alert severity="error">{agent.lastError}</Alert>}
        {agent.cardError && <Alert severity="warning">Its card is broken: {agent.cardError}</Alert>}
        {card && (
          <>
            {card.description && <Typography variant="body2">{card.description}</Typography>}
            <Stack direction="row" spacing={1} flexWrap="wrap" useFlexGap>
              <Chip size="small" label={`A2A ${card.protocolVersion}`} />
              <Chip size="small" label={card.binding} variant="outlined" />
              {card.streaming && <Chip size="small" label="streaming" variant="outlined" />}
              {card.version && <Chip size="small" label={`v${card.version}`} variant="outlined" />}
            </Stack>
            {!card.gateway.available && <Alert severity="info">{card.gateway.reason}</Alert>}
            <Typography variant="subtitle2" component="h3">
              Skills
            </Typography>
            {card.skills.length ? (
              <Stack component="ul" spacing={0.5} sx={{ m: 0, pl: 2 }} aria-label="Skills">
                {card.skills.map((skill) => (
                  <Typography component="li" variant="body2" key={skill.id}>
                    <strong>{skill.name}</strong>
                    {skill.description && ` — ${skill.description}`}
                  </Typography>
                ))}
              </Stack>
            ) : (
              <Typography variant="body2" color="text.secondary">
                The card declares no skills.
              </Typography>
            )}
          </>
        )}
        {agent.tools.length > 0 && (
          <Typography variant="body2" sx={{ fontFamily: "monospace" }}>
            {agent.tools.join("  ")}
          </Typography>
        )}
      </Stack>
    </Paper>
  );
}

/** A2A agents beside the servers: their state, card, skills and last error; add and remove. */
export function AgentsPage() {
  const agents = useAgents();
  const { add, remove } = useAgentMutations();
  const [adding, setAdding] = useState(false);
  const [selected, setSelected] = useState<string | undefined>();
  const [removing, setRemoving] = useState<string | undefined>();

  const dialog = (
    <AddAgentDialog
      open={adding}
      busy={add.isPending}
      onClose={() => setAdding(false)}
      onAdd={(agent) =>
        add.mutate(agent, {
          onSuccess: (view) => {
            setAdding(false);
            setSelected(view.name);
          },
        })
      }
    />
  );
  const addButton = (
    <Button variant="contained" onClick={() => setAdding(true)}>
      Add agent
    </Button>
  );
  if (agents.isPending) return <Loading what="agents" />;
  if (agents.isError)
    return <LoadError what="agents" error={agents.error} onRetry={() => agents.refetch()} />;
  const { agents: list, gateway } = agents.data;
  const gatewayLine = gateway ? (
    <Typography variant="body2" color="text.secondary">
      Other agents reach these through the A2A gateway at <code>{gateway.url}/agents</code> with the
      hub&apos;s token.
    </Typography>
  ) : null;
  if (!list.length)
    return (
      <>
        <Empty title="No A2A agents yet" action={addButton}>
          Add an agent by the URL of its Agent Card, or run one from an image. Every MCP client sees it as{" "}
          <code>&lt;agent&gt;__send_message</code>.
        </Empty>
        {gatewayLine}
        {dialog}
      </>
    );
  const current = list.find((a) => a.name === selected);
  return (
    <Stack spacing={2}>
      <Stack direction="row" justifyContent="space-between" alignItems="center">
        <Typography color="text.secondary">
          {counted(list.length, "agent")}, {list.filter((a) => a.state === "ready").length} ready
        </Typography>
        {addButton}
      </Stack>
      {gatewayLine}
      <Table size="small" aria-label="A2A agents">
        <TableHead>
          <TableRow>
            <TableCell>Name</TableCell>
            <TableCell>Agent</TableCell>
            <TableCell>State</TableCell>
            <TableCell align="right">Skills</TableCell>
            <TableCell>Last error</TableCell>
            <TableCell align="right">Actions</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {list.map((agent) => (
            <TableRow key={agent.name} selected={agent.name === selected}>
              <TableCell>
                <NameButton
                  selected={agent.name === selected}
                  onClick={() => setSelected(agent.name === selected ? undefined : agent.name)}
                >
                  {agent.name}
                </NameButton>
              </TableCell>
              <TableCell>{agent.card?.name ?? "—"}</TableCell>
              <TableCell>
                <StateChip state={agent.enabled ? agent.state : "stopped"} />
              </TableCell>
              <TableCell align="right">{agent.card?.skills.length ?? 0}</TableCell>
              <TableCell sx={{ maxWidth: 260, overflowWrap: "anywhere" }}>
                {agent.lastError ?? agent.cardError ?? "—"}
              </TableCell>
              <TableCell align="right">
                <Button
                  size="small"
                  color="error"
                  disabled={remove.isPending}
                  onClick={() => setRemoving(agent.name)}
                >
                  Remove
                </Button>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {current ? (
        <AgentCard agent={current} />
      ) : (
        <Typography variant="body2" color="text.secondary">
          Select an agent by name to see its card and skills.
        </Typography>
      )}
      <RemoveDialog
        name={removing}
        onCancel={() => setRemoving(undefined)}
        onRemove={(name) => remove.mutate(name, { onSuccess: () => setSelected(undefined) })}
      >
        The hub forgets the agent (and stops its container, if it runs one). Clients lose its tools and other
        agents its gateway endpoint. Secrets stay in the secret store.
      </RemoveDialog>
      {dialog}
    </Stack>
  );
}

import type { ReactNode } from "react";
import {
  Alert,
  Button,
  Card,
  CardContent,
  Chip,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from "@mui/material";
import type { DockerResources, ServerView } from "../../api";
import { counted } from "../../components/plural";
import { StateChip } from "../../components/StateChip";
import { Empty, LoadError, Loading } from "../../components/States";
import { useDocker } from "../../queries/useDocker";
import { useServerMutations, useServers } from "../../queries/useServers";

/** The built-in server the hub seeds for the docker tools (backend builtin/docker). */
const DOCKER_SERVER = "docker";

function Tools({ server }: { server: ServerView | undefined }) {
  const { action } = useServerMutations();
  if (!server)
    return (
      <Alert severity="info">This hub has no docker tools server (it was renamed or never seeded).</Alert>
    );
  const options = server.config?.kind === "builtin" ? server.config.options : undefined;
  const mode = typeof options?.mode === "string" ? options.mode : "no-destructive";
  return (
    <Card variant="outlined">
      <CardContent>
        <Stack spacing={2}>
          <Stack direction="row" spacing={2} alignItems="center">
            <Typography variant="h6" component="h2">
              Docker tools
            </Typography>
            <StateChip state={server.enabled ? server.state : "stopped"} />
            {server.enabled && <Chip size="small" label={`mode: ${mode}`} variant="outlined" />}
          </Stack>
          <Typography variant="body2" color="text.secondary">
            Lets your assistants manage this machine&apos;s Docker: containers, images, networks, volumes and
            stacks, as <code>{DOCKER_SERVER}__…</code> tools. Destructive calls need your confirmation, and
            the hub&apos;s own containers are protected.
          </Typography>
          {!server.enabled && (
            <Alert severity="warning">
              Controlling Docker is root on this machine: every client that sees these tools gets that power.
              Turn them on only for clients you trust (client profiles can hide the server from the others).
            </Alert>
          )}
          <div>
            <Button
              variant={server.enabled ? "outlined" : "contained"}
              disabled={action.isPending}
              onClick={() =>
                action.mutate({ name: server.name, action: server.enabled ? "disable" : "enable" })
              }
            >
              {server.enabled ? "Turn off" : "Turn on"}
            </Button>
          </div>
        </Stack>
      </CardContent>
    </Card>
  );
}

function Section({ title, count, children }: { title: string; count: number; children: ReactNode }) {
  if (!count) return null;
  return (
    <Stack spacing={1} component="section" aria-label={title}>
      <Typography variant="h6" component="h2">
        {title}
      </Typography>
      {children}
    </Stack>
  );
}

function Grid({ label, head, rows }: { label: string; head: string[]; rows: ReactNode[][] }) {
  return (
    <Table size="small" aria-label={label}>
      <TableHead>
        <TableRow>
          {head.map((h) => (
            <TableCell key={h}>{h}</TableCell>
          ))}
        </TableRow>
      </TableHead>
      <TableBody>
        {rows.map((cells, i) => (
          <TableRow key={i}>
            {cells.map((cell, j) => (
              <TableCell key={j} sx={{ overflowWrap: "anywhere" }}>
                {cell ?? "—"}
              </TableCell>
            ))}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

const size = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;

function Created({ data }: { data: DockerResources }) {
  if (!data.engine.reachable)
    return <Alert severity="error">The Docker engine did not answer: {data.engine.error}</Alert>;
  const total = data.containers.length + data.images.length + data.volumes.length + data.networks.length;
  if (!total)
    return (
      <Empty title="Nothing created through the hub yet">
        Ask an assistant to deploy a stack (<code>deploy_stack</code>) or run a container; what it creates is
        labelled and listed here.
      </Empty>
    );
  return (
    <Stack spacing={3}>
      <Section title="Stacks" count={data.stacks.length}>
        <Grid
          label="Stacks"
          head={["Name", "Services", "Running", "Healthy"]}
          rows={data.stacks.map((s) => [s.name, s.services, s.running, s.healthy])}
        />
      </Section>
      <Section title="Containers" count={data.containers.length}>
        <Grid
          label="Containers"
          head={["Name", "Image", "State", "Status", "Stack"]}
          rows={data.containers.map((c) => [
            c.name,
            c.image,
            <Chip
              key="s"
              size="small"
              variant="outlined"
              label={c.health ? `${c.state}, ${c.health}` : c.state}
              color={c.state === "running" && c.health !== "unhealthy" ? "success" : "default"}
            />,
            c.status,
            c.stack,
          ])}
        />
      </Section>
      <Section title="Images" count={data.images.length}>
        <Grid
          label="Images"
          head={["Tags", "Id", "Size", "Stack"]}
          rows={data.images.map((i) => [i.tags.join(", ") || "(untagged)", i.id, size(i.size), i.stack])}
        />
      </Section>
      <Section title="Volumes" count={data.volumes.length}>
        <Grid label="Volumes" head={["Name", "Stack"]} rows={data.volumes.map((v) => [v.name, v.stack])} />
      </Section>
      <Section title="Networks" count={data.networks.length}>
        <Grid
          label="Networks"
          head={["Name", "Internal", "Stack"]}
          rows={data.networks.map((n) => [n.name, n.internal ? "yes" : "no", n.stack])}
        />
      </Section>
    </Stack>
  );
}

export function DockerPage() {
  const servers = useServers();
  const docker = useDocker();
  if (servers.isPending || docker.isPending) return <Loading what="Docker" />;
  if (servers.isError)
    return <LoadError what="servers" error={servers.error} onRetry={() => servers.refetch()} />;
  if (docker.isError)
    return <LoadError what="Docker" error={docker.error} onRetry={() => docker.refetch()} />;
  const d = docker.data;
  return (
    <Stack spacing={3}>
      <Tools server={servers.data.find((s) => s.name === DOCKER_SERVER)} />
      <Typography color="text.secondary">
        Created through the hub: {counted(d.stacks.length, "stack")},{" "}
        {counted(d.containers.length, "container")}, {counted(d.images.length, "image")},{" "}
        {counted(d.volumes.length, "volume")}
      </Typography>
      <Created data={d} />
    </Stack>
  );
}

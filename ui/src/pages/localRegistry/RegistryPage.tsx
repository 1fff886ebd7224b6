import { useState } from "react";
import {
  Alert,
  AlertTitle,
  Box,
  Button,
  Stack,
  TextField,
  Typography,
  CircularProgress,
} from "@mui/material";
import { Link as RouterLink, useNavigate, useSearchParams } from "react-router";
import { inDockerDesktop, type RegistryResponse, type RegistryTag, type RiskLevel } from "../../api";
import { bytes } from "../../components/bytes";
import { CopyButton } from "../../components/CopyButton";
import { counted } from "../../components/plural";
import { portFallback, registryAddress, RegistryStateChip } from "../../components/RegistryState";
import { Empty, LoadError, Loading } from "../../components/States";
import { useRegistry } from "../../queries/useRegistry";
import { addServerPath, serverNameFor } from "../servers/addServerLink";
import { DeleteTagDialog } from "./DeleteTagDialog";
import { GarbageCollectionDialog } from "./GarbageCollectionDialog";
import { TagDetails } from "./TagDetails";
import { TagTable } from "./TagTable";
import { matchingTags, RISK_LABEL, sameTag } from "./tagSearch";

const NO_WRAP = { whiteSpace: "nowrap" } as const;

/** A hub started without HUB_REGISTRY_IMAGE: how one gets a registry. */
function NoRegistry() {
  return (
    <Empty title="The hub keeps no local registry here">
      {inDockerDesktop() ? (
        <>
          The extension starts its registry with the hub (<code>HUB_REGISTRY_IMAGE</code> in its compose
          file). Update or reinstall the extension to get it back.
        </>
      ) : (
        <>
          <code>make run</code> starts the hub with its registry. A hub started another way keeps one when{" "}
          <code>HUB_REGISTRY_IMAGE</code> names a registry image, e.g. <code>registry:2</code>.
        </>
      )}
    </Empty>
  );
}

/** A running registry with nothing in it: the two commands that put an image there. */
function EmptyRegistry({ address }: { address: string }) {
  const commands = `docker tag my-server ${address}/my-server:1.0\ndocker push ${address}/my-server:1.0`;
  return (
    <Empty title="The registry is empty" action={<CopyButton text={commands} what="push commands" />}>
      Images you build and push to <code>{address}</code> show here, ready to add as servers.
      <Box
        component="pre"
        aria-label="Push commands"
        sx={{ textAlign: "left", width: "fit-content", mx: "auto", mt: 2, mb: 0, p: 1.5 }}
        bgcolor="action.hover"
        borderRadius={1}
      >
        {commands}
      </Box>
    </Empty>
  );
}

/** What the registry's state means for the listing, when it cannot show one. */
function NotListed({ data, onRetry }: { data: RegistryResponse; onRetry: () => void }) {
  const status = data.registry;
  const settings = (
    <Button component={RouterLink} to="/settings" color="inherit" size="small" sx={NO_WRAP}>
      Open Settings
    </Button>
  );
  if (status.state === "failed")
    return (
      <Alert severity="error" action={settings}>
        <AlertTitle>The local registry is not running</AlertTitle>
        {status.error}
        <Box sx={{ mt: 1 }}>
          It was to use port {status.port}. Choose another registry port in Settings: the hub starts it there
          at once, with its images.
        </Box>
      </Alert>
    );
  if (status.state === "starting")
    return (
      <Stack direction="row" spacing={2} alignItems="center" sx={{ py: 2 }}>
        <CircularProgress size={20} />
        <Typography color="text.secondary">
          Starting the local registry on 127.0.0.1:{status.port}…
        </Typography>
      </Stack>
    );
  if (status.state === "collecting")
    return (
      <Alert severity="info">
        Collecting garbage: the registry is stopped until it ends, then lists its images again.
      </Alert>
    );
  return (
    <Alert
      severity="error"
      action={
        <Button color="inherit" size="small" onClick={onRetry}>
          Retry
        </Button>
      }
    >
      <AlertTitle>Could not list the registry&apos;s images</AlertTitle>
      {data.error}
    </Alert>
  );
}

/** What the images take, each digest once (tags on one digest are one image); layers they share count twice. */
function storedBytes(tags: RegistryTag[]): number {
  return [...new Map(tags.map((t) => [t.digest, t.size])).values()].reduce((sum, size) => sum + size, 0);
}

export function RegistryPage() {
  const registry = useRegistry();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const [query, setQuery] = useState("");
  const [deleting, setDeleting] = useState<RegistryTag | undefined>();
  const [collecting, setCollecting] = useState(false);

  if (registry.isPending) return <Loading what="the local registry" />;
  if (registry.isError)
    return <LoadError what="the local registry" error={registry.error} onRetry={() => registry.refetch()} />;
  const { registry: status, repositories } = registry.data;
  const address = registryAddress(status);
  if (!address) return <NoRegistry />;

  const repository = params.get("repository");
  const tag = params.get("tag");
  const selected = repository && tag ? { repository, tag } : undefined;
  const select = (t: RegistryTag | undefined) =>
    setParams(t ? { repository: t.repository, tag: t.tag } : {}, { replace: true });
  const all = matchingTags(repositories, "");
  const shown = matchingTags(repositories, query);
  const current = all.find((t) => sameTag(selected, t));
  const fallback = portFallback(status);
  const listed = status.state === "running" && !registry.data.error;
  const addAsServer = (t: RegistryTag) =>
    navigate(
      addServerPath({
        image: `${address}/${t.repository}:${t.tag}`,
        name: serverNameFor(t.repository, t.labels),
        risk: t.labels[RISK_LABEL] as RiskLevel | undefined,
      }),
    );

  return (
    <Stack spacing={2}>
      <Stack
        component="section"
        aria-label="Local registry"
        direction="row"
        spacing={2}
        alignItems="center"
        useFlexGap
        flexWrap="wrap"
      >
        <RegistryStateChip status={status} />
        <code>{address}</code>
        {listed && all.length > 0 && (
          <Typography variant="body2" color="text.secondary">
            {counted(repositories.length, "repository", "repositories")}, {counted(all.length, "tag")},{" "}
            {bytes(storedBytes(all))}
          </Typography>
        )}
        <Box sx={{ flex: 1 }} />
        <Button variant="outlined" disabled={status.state !== "running"} onClick={() => setCollecting(true)}>
          Collect garbage
        </Button>
      </Stack>
      {fallback && (
        <Alert severity="info" variant="outlined">
          {fallback} Choose the registry&apos;s port in Settings.
        </Alert>
      )}
      {!listed ? (
        <NotListed data={registry.data} onRetry={() => registry.refetch()} />
      ) : all.length === 0 ? (
        <EmptyRegistry address={address} />
      ) : (
        <>
          <Stack direction="row" spacing={2} alignItems="center">
            <TextField
              type="search"
              size="small"
              label="Search"
              placeholder="Repository, tag, label or server"
              value={query}
              onChange={(e) => setQuery(e.target.value)}
              sx={{ width: 320 }}
            />
            {query && (
              <Typography variant="body2" color="text.secondary">
                {shown.length} of {counted(all.length, "tag")}
              </Typography>
            )}
          </Stack>
          {shown.length === 0 ? (
            <Empty title="No image matches this search">
              The search looks in repository names, tags, label names and values, and the servers using an
              image.
            </Empty>
          ) : (
            <TagTable
              tags={shown}
              selected={selected}
              onSelect={select}
              onAddAsServer={addAsServer}
              onDelete={setDeleting}
            />
          )}
          {current ? (
            <TagDetails tag={current} address={address} />
          ) : (
            <Typography variant="body2" color="text.secondary">
              Select a tag to see its digest, platforms and labels.
            </Typography>
          )}
        </>
      )}
      <DeleteTagDialog
        tag={deleting}
        siblings={repositories.find((r) => r.name === deleting?.repository)?.tags ?? []}
        onClose={() => setDeleting(undefined)}
        onDeleted={(t) => sameTag(selected, t) && select(undefined)}
      />
      <GarbageCollectionDialog open={collecting} onClose={() => setCollecting(false)} />
    </Stack>
  );
}

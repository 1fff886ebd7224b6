import {
  Box,
  Button,
  Chip,
  Link,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Tooltip,
  Typography,
} from "@mui/material";
import { Link as RouterLink } from "react-router";
import type { RegistryTag } from "../../api";
import { age } from "../../components/age";
import { bytes } from "../../components/bytes";
import { NameButton } from "../../components/NameButton";
import { RISK_LABEL, sameTag, shortDigest } from "./tagSearch";

const RISK_COLOR: Record<string, "success" | "warning" | "error"> = {
  low: "success",
  medium: "warning",
  high: "error",
};

/** The image's risk label as the hub reads it; a dash when the image does not say. */
export function RiskChip({ labels }: { labels: Record<string, string> }) {
  const risk = labels[RISK_LABEL];
  if (!risk) return <Typography color="text.secondary">—</Typography>;
  return <Chip size="small" variant="outlined" label={risk} color={RISK_COLOR[risk] ?? "default"} />;
}

/** The hub's servers that run this image, each a link to it on the Servers page. */
function UsedBy({ servers }: { servers: string[] }) {
  if (servers.length === 0) return <Typography color="text.secondary">—</Typography>;
  return (
    <Stack direction="row" spacing={1} useFlexGap flexWrap="wrap">
      {servers.map((name) => (
        <Link key={name} component={RouterLink} to={`/servers?server=${encodeURIComponent(name)}`}>
          {name}
        </Link>
      ))}
    </Stack>
  );
}

/** Repositories and tags, one row per tag, as Docker Desktop lists images. */
export function TagTable(props: {
  tags: RegistryTag[];
  selected?: { repository: string; tag: string };
  onSelect: (tag: RegistryTag | undefined) => void;
  onAddAsServer: (tag: RegistryTag) => void;
  onDelete: (tag: RegistryTag) => void;
}) {
  return (
    <Table size="small" aria-label="Images in the local registry">
      <TableHead>
        <TableRow>
          <TableCell>Repository</TableCell>
          <TableCell>Tag</TableCell>
          <TableCell>Risk</TableCell>
          <TableCell>Used by</TableCell>
          <TableCell>Created</TableCell>
          <TableCell align="right">Size</TableCell>
          <TableCell align="right">Actions</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {props.tags.map((tag) => {
          const selected = sameTag(props.selected, tag);
          return (
            <TableRow key={`${tag.repository}:${tag.tag}`} selected={selected}>
              <TableCell sx={{ overflowWrap: "anywhere" }}>
                {tag.repository}
                <Typography
                  variant="body2"
                  color="text.secondary"
                  sx={{ fontFamily: "monospace" }}
                  title={tag.digest}
                >
                  {shortDigest(tag.digest)}
                </Typography>
              </TableCell>
              <TableCell>
                <NameButton
                  selected={selected}
                  onClick={() => props.onSelect(selected ? undefined : tag)}
                  label={`${tag.repository}:${tag.tag}`}
                >
                  {tag.tag}
                </NameButton>
              </TableCell>
              <TableCell>
                <RiskChip labels={tag.labels} />
              </TableCell>
              <TableCell>
                <UsedBy servers={tag.usedBy} />
              </TableCell>
              <TableCell sx={{ whiteSpace: "nowrap" }}>
                {tag.created ? (
                  <Tooltip title={new Date(tag.created).toLocaleString()}>
                    <span>{age(tag.created)}</span>
                  </Tooltip>
                ) : (
                  <Typography color="text.secondary">—</Typography>
                )}
              </TableCell>
              <TableCell align="right" sx={{ whiteSpace: "nowrap" }}>
                {bytes(tag.size)}
              </TableCell>
              <TableCell align="right">
                <Box sx={{ display: "flex", gap: 1, justifyContent: "flex-end", whiteSpace: "nowrap" }}>
                  <Button size="small" onClick={() => props.onAddAsServer(tag)}>
                    Add as server
                  </Button>
                  <Button size="small" color="error" onClick={() => props.onDelete(tag)}>
                    Delete
                  </Button>
                </Box>
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}

import type { ReactNode } from "react";
import {
  Box,
  Paper,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from "@mui/material";
import type { RegistryTag } from "../../api";
import { age } from "../../components/age";
import { bytes } from "../../components/bytes";
import { CopyButton } from "../../components/CopyButton";
import { useRegistryTag } from "../../queries/useRegistry";
import { shortDigest } from "./tagSearch";

/** A name and its value, on one row of the details' grid. */
function Fact({ name, children }: { name: string; children: ReactNode }) {
  return (
    <>
      <Typography component="dt" variant="body2" color="text.secondary">
        {name}
      </Typography>
      <Box component="dd" sx={{ m: 0, minWidth: 0, overflowWrap: "anywhere" }}>
        {children}
      </Box>
    </>
  );
}

function Labels({ labels }: { labels: Record<string, string> }) {
  const entries = Object.entries(labels).sort(([a], [b]) => a.localeCompare(b));
  if (entries.length === 0)
    return (
      <Typography variant="body2" color="text.secondary">
        The image has no labels.
      </Typography>
    );
  return (
    <Table size="small" aria-label="Labels">
      <TableHead>
        <TableRow>
          <TableCell>Label</TableCell>
          <TableCell>Value</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {entries.map(([key, value]) => (
          <TableRow key={key}>
            <TableCell sx={{ fontFamily: "monospace", overflowWrap: "anywhere" }}>{key}</TableCell>
            <TableCell sx={{ overflowWrap: "anywhere" }}>{value}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

function Platforms({ platforms }: { platforms: NonNullable<RegistryTag["platforms"]> }) {
  return (
    <Table size="small" aria-label="Platforms">
      <TableHead>
        <TableRow>
          <TableCell>Platform</TableCell>
          <TableCell>Digest</TableCell>
          <TableCell align="right">Size</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {platforms.map((p) => (
          <TableRow key={p.digest}>
            <TableCell>{[p.os, p.architecture, p.variant].filter(Boolean).join("/")}</TableCell>
            <TableCell sx={{ fontFamily: "monospace" }} title={p.digest}>
              {shortDigest(p.digest)}
            </TableCell>
            <TableCell align="right">{bytes(p.size)}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

/** One tag: where to pull it from, its digest, what else points at it, its platforms and labels. */
export function TagDetails({ tag, address }: { tag: RegistryTag; address: string }) {
  const detail = useRegistryTag(tag);
  const reference = `${address}/${tag.repository}:${tag.tag}`;
  const others = detail.data?.sameDigest.filter((t) => t !== tag.tag) ?? [];
  const name = `${tag.repository}:${tag.tag}`;
  return (
    <Paper variant="outlined" sx={{ p: 2 }} component="section" aria-label={`Tag ${name}`}>
      <Stack spacing={2}>
        <Typography variant="h6" component="h2" sx={{ overflowWrap: "anywhere" }}>
          {name}
        </Typography>
        <Box
          component="dl"
          sx={{ display: "grid", gridTemplateColumns: "max-content 1fr", columnGap: 3, rowGap: 1, m: 0 }}
        >
          <Fact name="Image">
            <Stack direction="row" spacing={1} alignItems="center">
              <code>{reference}</code>
              <CopyButton text={reference} what="image reference" />
            </Stack>
          </Fact>
          <Fact name="Digest">
            <code>{tag.digest}</code>
          </Fact>
          <Fact name="Also tagged">
            {detail.isPending ? "…" : others.length ? others.join(", ") : "no other tag"}
          </Fact>
          <Fact name="Created">
            {tag.created ? `${new Date(tag.created).toLocaleString()} (${age(tag.created)})` : "unknown"}
          </Fact>
          <Fact name="Size">{bytes(tag.size)}</Fact>
          <Fact name="Media type">
            <code>{tag.mediaType}</code>
          </Fact>
        </Box>
        {tag.platforms && tag.platforms.length > 0 && (
          <div>
            <Typography variant="subtitle2" component="h3" gutterBottom>
              Platforms
            </Typography>
            <Platforms platforms={tag.platforms} />
          </div>
        )}
        <div>
          <Typography variant="subtitle2" component="h3" gutterBottom>
            Labels
          </Typography>
          <Labels labels={tag.labels} />
        </div>
      </Stack>
    </Paper>
  );
}

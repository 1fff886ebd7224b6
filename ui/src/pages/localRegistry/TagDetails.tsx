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

/** A column of a details table: its heading, and how its cells read. */
interface Column {
  name: string;
  align?: "right";
  /** Names and digests read as typed, in monospace. */
  code?: boolean;
}

/** A small table of the details, titled for screen readers; each row a key and its cells. */
function DetailTable(props: {
  label: string;
  columns: Column[];
  rows: { key: string; cells: ReactNode[] }[];
}) {
  return (
    <Table size="small" aria-label={props.label}>
      <TableHead>
        <TableRow>
          {props.columns.map((c) => (
            <TableCell key={c.name} align={c.align}>
              {c.name}
            </TableCell>
          ))}
        </TableRow>
      </TableHead>
      <TableBody>
        {props.rows.map((row) => (
          <TableRow key={row.key}>
            {row.cells.map((cell, i) => (
              <TableCell
                key={props.columns[i]?.name ?? i}
                align={props.columns[i]?.align}
                sx={{
                  overflowWrap: "anywhere",
                  fontFamily: props.columns[i]?.code ? "monospace" : undefined,
                }}
              >
                {cell}
              </TableCell>
            ))}
          </TableRow>
        ))}
      </TableBody>
    </Table>
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
    <DetailTable
      label="Labels"
      columns={[{ name: "Label", code: true }, { name: "Value" }]}
      rows={entries.map(([key, value]) => ({ key, cells: [key, value] }))}
    />
  );
}

function Platforms({ platforms }: { platforms: NonNullable<RegistryTag["platforms"]> }) {
  return (
    <DetailTable
      label="Platforms"
      columns={[{ name: "Platform" }, { name: "Digest", code: true }, { name: "Size", align: "right" }]}
      rows={platforms.map((p) => ({
        key: p.digest,
        cells: [
          [p.os, p.architecture, p.variant].filter(Boolean).join("/"),
          <span title={p.digest}>{shortDigest(p.digest)}</span>,
          bytes(p.size),
        ],
      }))}
    />
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

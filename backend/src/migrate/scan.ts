import { createHash, randomUUID } from "node:crypto";
import type { Scan, ScannedFile, ScanOrigin, ScanRequest } from "@mcp-hub/contracts";
import { findClient, parseDoc, valueAt, type Json, type JsonObject } from "../clients/index.js";
import { classify, type Classified } from "./classify.js";
import { normalizeEntry } from "./entries.js";

/** What a scan keeps beside its answer: each candidate's secret values, and each file as read (for the rewrite). */
export interface ScanRecord {
  scan: Scan;
  classified: Map<string, Classified>;
  files: { origin: ScanOrigin; file: string; text: string; sha256: string }[];
  home?: string;
}

export const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/** Where an uploaded file keeps its servers, told by its shape. */
const SERVER_MAPS: readonly (readonly string[])[] = [["mcpServers"], ["servers"], ["context_servers"]];

function serversOf(
  origin: ScanOrigin,
  root: JsonObject,
): { path: readonly string[]; map: JsonObject } | undefined {
  const paths = origin === "upload" ? SERVER_MAPS : [findClient(origin)!.serversPath];
  for (const path of paths) {
    let node: Json | undefined = root;
    for (const key of path)
      node = node && typeof node === "object" && !Array.isArray(node) ? node[key] : undefined;
    if (node && typeof node === "object" && !Array.isArray(node)) return { path, map: node };
  }
  return undefined;
}

/** Where a scanned file keeps its servers (a client's own path; for an upload, the one its shape has). */
export function serversPathOf(origin: ScanOrigin, text: string): string[] {
  if (origin !== "upload") return [...findClient(origin)!.serversPath];
  const parsed = parseDoc(text);
  const root = parsed.ok ? ((valueAt(parsed.doc, []) ?? {}) as JsonObject) : {};
  return [...(serversOf(origin, root)?.path ?? SERVER_MAPS[0]!)];
}

/** Our own entry: named like it, or the bridge image, or the hub's URL. */
function isHubEntry(name: string, raw: Json | undefined, hubEntryName: string): boolean {
  if (name === hubEntryName) return true;
  const text = JSON.stringify(raw ?? "");
  return text.includes("mcp-hub-bridge") || /\/\/(127\.0\.0\.1|localhost|mcp-hub):3010\/mcp/.test(text);
}

/**
 * Reads the client files the user's side sent: each parsed leniently (JSONC), each server entry classified. A file
 * that cannot be parsed is reported with line and column and will never be rewritten.
 */
export function scanFiles(request: ScanRequest & { platform: string }, hubEntryName = "mcp-hub"): ScanRecord {
  const classified = new Map<string, Classified>();
  const seen = new Set<string>();
  const files: ScannedFile[] = request.files.map(({ origin, file, text }) => {
    const parsed = parseDoc(text);
    if (!parsed.ok) return { status: "invalid", origin, file, error: parsed.problem };
    const root = (valueAt(parsed.doc, []) ?? {}) as JsonObject;
    const servers = serversOf(origin, root);
    const candidates = Object.entries(servers?.map ?? {}).map(([entryName, raw]) => {
      let key = `${origin}/${entryName}`;
      for (let n = 2; seen.has(key); n++) key = `${origin}/${entryName}#${n}`;
      seen.add(key);
      const where = { key, origin, file, entryName, isHub: isHubEntry(entryName, raw, hubEntryName) };
      const entry = normalizeEntry(raw);
      const result = entry
        ? classify(where, entry)
        : classify(where, { args: [], env: {}, headers: {}, disabled: false });
      classified.set(key, result);
      return result.candidate;
    });
    return { status: "ok", origin, file, candidates };
  });
  return {
    scan: { id: randomUUID(), createdAt: new Date().toISOString(), platform: request.platform, files },
    classified,
    files: request.files.map((f) => ({ ...f, sha256: sha256(f.text) })),
    home: request.home,
  };
}

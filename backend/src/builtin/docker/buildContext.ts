import { Readable } from "node:stream";
import { createHash } from "node:crypto";
import tar from "tar-stream";
import { Refusal } from "./toolKit.js";
import { humanBytes } from "./units.js";

/** An inline build context: what the hub can build without reading the user's folders. */
export const MAX_CONTEXT_BYTES = 32 * 1024 * 1024;

export interface InlineFile {
  path: string;
  content: string;
  encoding?: "utf8" | "base64";
  mode?: number;
}

export interface InlineContext {
  dockerfile: string;
  files?: InlineFile[];
}

/** The context as Docker's build API takes it: a tar with the Dockerfile at its root. */
export function contextTar(context: InlineContext): NodeJS.ReadableStream {
  const entries = contextEntries(context);
  const pack = tar.pack();
  for (const e of entries) pack.entry({ name: e.path, mode: e.mode, mtime: new Date(0) }, e.data);
  pack.finalize();
  // tar-stream's streams are streamx ones: the engine's HTTP request gets a plain Node stream.
  return Readable.from(pack);
}

/** A hash of everything that shapes the build, for "rebuild only when it changed". */
export function contextHash(context: InlineContext, args: Record<string, string> = {}): string {
  const hash = createHash("sha256");
  for (const e of contextEntries(context))
    hash.update(e.path).update("\0").update(e.data).update(String(e.mode));
  hash.update(JSON.stringify(Object.entries(args).sort()));
  return hash.digest("hex").slice(0, 16);
}

function contextEntries(context: InlineContext): { path: string; data: Buffer; mode: number }[] {
  const entries = [{ path: "Dockerfile", data: Buffer.from(context.dockerfile, "utf8"), mode: 0o644 }];
  for (const f of context.files ?? []) {
    const path = f.path.replace(/^\.?\/+/, "");
    if (!path || path.split("/").includes("..") || path === "Dockerfile")
      throw new Refusal(
        `Refused: build file path "${f.path}" must be relative, inside the context, and not "Dockerfile".`,
      );
    entries.push({
      path,
      data: Buffer.from(f.content, f.encoding === "base64" ? "base64" : "utf8"),
      mode: f.mode ?? 0o644,
    });
  }
  entries.sort((a, b) => (a.path < b.path ? -1 : 1));
  const bytes = entries.reduce((sum, e) => sum + e.data.length, 0);
  if (bytes > MAX_CONTEXT_BYTES)
    throw new Refusal(
      `Refused: the build context is ${humanBytes(bytes)}, more than ${humanBytes(MAX_CONTEXT_BYTES)}; use context_url for a larger one.`,
    );
  return entries;
}

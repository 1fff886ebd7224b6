/**
 * Searches what `docker save` writes for an image as plain text, every layer unpacked first: the classic store saves
 * plain tars, the containerd store gzipped ones, in which text would be found by no search. An entry that is neither
 * a tar, gzip nor text (zstd, say) fails the search: it could hide what is looked for.
 */
import { spawn } from "node:child_process";
import { gunzipSync } from "node:zlib";
import { extract } from "tar-stream";

/** Where one needle was found: the saved archive's entry, and whether that entry is a layer (unpacked). */
export interface SavedImageHit {
  entry: string;
  layer: boolean;
}

const GZIP_MAGIC = Buffer.from([0x1f, 0x8b]);
const USTAR_OFFSET = 257; // a tar header's "ustar" magic
const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

/** A layer, unpacked, or undefined for text (the manifest, configs); throws for what it cannot read. */
function layerOf(image: string, entry: string, data: Buffer): Buffer | undefined {
  const raw = data.subarray(0, 2).equals(GZIP_MAGIC) ? gunzipSync(data) : data;
  if (raw.subarray(USTAR_OFFSET, USTAR_OFFSET + 5).toString("latin1") === "ustar") return raw;
  if (raw.length >= 1024 && raw.every((byte) => byte === 0)) return raw; // a layer with no files
  try {
    if (!raw.includes(0)) {
      strictUtf8.decode(raw);
      return undefined;
    }
  } catch {
    // binary: said below
  }
  throw new Error(
    `docker save ${image}: ${entry} is neither a tar, gzip nor text, so a search of it could miss what it holds`,
  );
}

/** Each needle's hits in the image as `docker save` writes it; at least one layer is read, or it throws. */
export async function searchSavedImage(
  image: string,
  needles: string[],
): Promise<Record<string, SavedImageHit[]>> {
  const child = spawn("docker", ["save", image], { stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => resolve(code ?? 1));
  });
  const failed = (code: number) => new Error(`docker save ${image} exited with ${code}: ${stderr.trim()}`);
  const found = Object.fromEntries(needles.map((needle) => [needle, [] as SavedImageHit[]]));
  let layers = 0;
  try {
    const archive = extract();
    child.stdout.pipe(archive);
    for await (const entry of archive) {
      const chunks: Buffer[] = [];
      for await (const chunk of entry) chunks.push(chunk as Buffer);
      if (entry.header.type !== "file") continue; // links point at a file read on its own
      const data = Buffer.concat(chunks);
      const layer = layerOf(image, entry.header.name, data);
      if (layer) layers++;
      for (const needle of needles)
        if ((layer ?? data).includes(needle))
          found[needle]!.push({ entry: entry.header.name, layer: layer !== undefined });
    }
  } catch (error) {
    child.kill(); // it would wait on a pipe no one reads
    const code = await exited;
    throw stderr ? failed(code) : error;
  }
  const code = await exited;
  if (code !== 0) throw failed(code);
  if (!layers) throw new Error(`docker save ${image} wrote no layer this search could read`);
  return found;
}

import { Writable } from "node:stream";
import { finished as streamFinished } from "node:stream/promises";

/** Keeps the last `limit` bytes written to it and counts all of them: output is bounded, the count is not. */
export class TailBuffer extends Writable {
  private chunks: Buffer[] = [];
  private kept = 0;
  total = 0;

  constructor(private readonly limit: number) {
    super();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    this.total += chunk.length;
    this.chunks.push(chunk);
    this.kept += chunk.length;
    while (this.kept - (this.chunks[0]?.length ?? 0) >= this.limit && this.chunks.length > 1)
      this.kept -= this.chunks.shift()!.length;
    done();
  }

  text(): string {
    const all = Buffer.concat(this.chunks);
    return all.subarray(Math.max(0, all.length - this.limit)).toString("utf8");
  }

  get truncated(): boolean {
    return this.total > this.limit;
  }
}

/**
 * Splits Docker's multiplexed log framing (8-byte headers: stream, 0, 0, 0, length) of a buffer that arrived whole;
 * a TTY container's output has no framing and is all stdout.
 */
export function demuxBuffer(buffer: Buffer, tty: boolean): { stdout: string; stderr: string } {
  if (tty) return { stdout: buffer.toString("utf8"), stderr: "" };
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  let at = 0;
  while (at + 8 <= buffer.length) {
    const length = buffer.readUInt32BE(at + 4);
    const frame = buffer.subarray(at + 8, at + 8 + length);
    (buffer[at] === 2 ? err : out).push(frame);
    at += 8 + length;
  }
  return { stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8") };
}

/** Resolves when the stream has ended or finished, rejects on its error; aborting the signal destroys it. */
export async function finished(
  stream: NodeJS.ReadableStream | NodeJS.WritableStream,
  signal?: AbortSignal,
): Promise<void> {
  const destroy = () => (stream as { destroy?: (error?: Error) => void }).destroy?.();
  signal?.addEventListener("abort", destroy, { once: true });
  try {
    signal?.throwIfAborted();
    await streamFinished(stream);
    signal?.throwIfAborted();
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    throw error;
  } finally {
    signal?.removeEventListener("abort", destroy);
  }
}

import { PassThrough, Writable, type Duplex } from "node:stream";
import type { StdioStreams } from "../types.js";
import type { DockerApi } from "./dockerApi.js";

/**
 * Splits a hijacked multiplexed attach/exec stream into stdout/stderr. stdin is a wrapper rather than the socket
 * itself: a caller's `stdin.end()` must not half-close the connection (that would end an exec'd process), and
 * `close()` tears the connection down while the container keeps running (StdinOnce is false).
 */
export function toStdioStreams(api: DockerApi, socket: Duplex): StdioStreams {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  api.demux(socket, stdout, stderr);
  let closed = false;
  const finish = () => {
    if (closed) return;
    closed = true;
    stdout.end();
    stderr.end();
  };
  socket.on("end", finish);
  socket.on("close", finish);
  // A reset connection surfaces as end of stdout; the transport above reports the close.
  socket.on("error", finish);
  // writev: messages queued while one write is in flight go out together, one syscall (and one read by dockerd
  // and the server) instead of one each.
  const stdin = new Writable({
    writev(chunks, callback) {
      if (socket.destroyed) return callback(new Error("the container connection is closed"));
      const data =
        chunks.length === 1 ? chunks[0]!.chunk : Buffer.concat(chunks.map((c) => c.chunk as Buffer));
      socket.write(data, callback);
    },
  });
  // A failed write reaches its sender through the write callback; as an 'error' event nobody handles it would
  // take the whole hub down.
  stdin.on("error", () => undefined);
  return {
    stdin,
    stdout,
    stderr,
    close() {
      socket.destroy();
      finish();
    },
  };
}

/** Docker's non-TTY log framing: 8-byte header (stream, 0, 0, 0, big-endian length) then the payload. */
export function demuxBuffer(buffer: Buffer): string {
  const parts: Buffer[] = [];
  let offset = 0;
  while (offset + 8 <= buffer.length) {
    const length = buffer.readUInt32BE(offset + 4);
    parts.push(buffer.subarray(offset + 8, offset + 8 + length));
    offset += 8 + length;
  }
  // A buffer without framing (TTY container) is already plain text.
  return offset === 0 && buffer.length > 0 ? buffer.toString("utf8") : Buffer.concat(parts).toString("utf8");
}

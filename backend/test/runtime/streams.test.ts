import { Duplex } from "node:stream";
import { describe, expect, it } from "vitest";
import type { DockerApi } from "../../src/runtime/docker/dockerApi.js";
import { toStdioStreams } from "../../src/runtime/docker/streams.js";

/** A socket that records each write and completes it only when told to. */
function slowSocket() {
  const writes: string[] = [];
  const pending: (() => void)[] = [];
  const socket = new Duplex({
    read() {},
    write(chunk: Buffer, _encoding, callback) {
      writes.push(chunk.toString());
      pending.push(() => callback());
    },
  });
  return { socket, writes, complete: () => pending.splice(0).forEach((done) => done()) };
}

const api = { demux: () => undefined } as unknown as DockerApi;

describe("toStdioStreams stdin", () => {
  it("sends messages queued behind a write in flight as one write", async () => {
    const { socket, writes, complete } = slowSocket();
    const { stdin } = toStdioStreams(api, socket);
    const done = ["a\n", "b\n", "c\n", "d\n"].map(
      (line) => new Promise<void>((resolve, reject) => stdin.write(line, (e) => (e ? reject(e) : resolve()))),
    );
    await new Promise((r) => setImmediate(r));
    expect(writes).toEqual(["a\n"]);
    complete();
    await new Promise((r) => setImmediate(r));
    expect(writes).toEqual(["a\n", "b\nc\nd\n"]);
    complete();
    await Promise.all(done);
  });

  it("fails writes once the connection is gone, without ending it on stdin.end()", async () => {
    const { socket } = slowSocket();
    const streams = toStdioStreams(api, socket);
    streams.stdin.end();
    expect(socket.writableEnded).toBe(false);
    const { stdin } = toStdioStreams(api, socket);
    socket.destroy();
    await expect(
      new Promise<void>((resolve, reject) => stdin.write("x\n", (e) => (e ? reject(e) : resolve()))),
    ).rejects.toThrow(/connection is closed/);
  });
});

/**
 * A keep-alive HTTP/1.1 client on raw sockets, for the benchmark only: the caller writes the whole request text,
 * the pool frames the response (content-length, chunked, or until close) and hands back status, headers and body.
 * node:http's client costs ~380 µs of CPU per request here; this one does little more than the syscalls, so the
 * hub's figures are not the client's. One request per connection at a time (no pipelining), up to maxSockets.
 */
import { connect, type Socket } from "node:net";

export interface RawResponse {
  status: number;
  /** A header's value (name in lower case), the first if it repeats; looked up on demand, not parsed per call. */
  header(name: string): string | undefined;
  body: string;
}

export interface HttpPool {
  /** Sends one complete request (head, blank line, body) and resolves with the response, whatever its status. */
  request(text: string): Promise<RawResponse>;
  /** Closes every connection; requests still waiting are rejected. */
  destroy(): void;
}

interface Exchange {
  text: string;
  resolve: (response: RawResponse) => void;
  reject: (error: Error) => void;
  /** Sent again once already, after a reused connection closed under it. */
  retried: boolean;
}

interface Head {
  status: number;
  header: RawResponse["header"];
  bodyStart: number;
  /** Body length, or "chunked", or "close" (the body runs until the server closes). */
  framing: number | "chunked" | "close";
}

interface PoolSide {
  release(connection: Connection): void;
  closed(connection: Connection, resend?: Exchange): void;
}

const EMPTY = Buffer.alloc(0);
const CRLF = Buffer.from("\r\n");
const HEAD_END = Buffer.from("\r\n\r\n");
const MAX_HEAD_BYTES = 64 * 1024; // a server sending more than this without a blank line is not speaking HTTP
const RESPONSE_TIMEOUT_MS = 60_000; // a request unanswered this long fails rather than hangs the run
// Every socket reads into this one buffer (`onread`: no stream machinery per read). Reads are handled
// synchronously, so no two sockets use it at once; bytes kept past a read are copied out.
const READ_BUFFER = Buffer.alloc(64 * 1024);

function headerLookup(head: string): RawResponse["header"] {
  let lower: string | undefined;
  return (name) => {
    lower ??= head.toLowerCase();
    const at = lower.indexOf(`\r\n${name}:`);
    if (at < 0) return undefined;
    const from = at + name.length + 3;
    const to = head.indexOf("\r\n", from);
    return head.slice(from, to < 0 ? undefined : to).trim();
  };
}

function parseHead(buf: Buffer, end: number): Head {
  const text = buf.toString("latin1", 0, end);
  if (!/^HTTP\/1\.[01] \d{3}/.test(text)) throw new Error(`not an HTTP/1.x response: ${text.slice(0, 80)}`);
  const status = Number(text.slice(9, 12));
  const header = headerLookup(text);
  const length = header("content-length");
  const framing =
    status === 204 || status === 304 || status < 200
      ? 0
      : /chunked\s*$/i.test(header("transfer-encoding") ?? "")
        ? "chunked"
        : length !== undefined
          ? Number(length)
          : "close";
  if (typeof framing === "number" && !(framing >= 0)) throw new Error(`bad content-length: ${length}`);
  return { status, header, bodyStart: end + HEAD_END.length, framing };
}

/** One socket and the response being read on it. */
class Connection {
  readonly socket: Socket;
  /** Bumped per request; the pool's watchdog compares it to tell a stuck request. */
  requests = 0;
  exchange: Exchange | undefined;
  /** Bytes of the response so far; `owned` says whether they are ours or still in READ_BUFFER. */
  private buf: Buffer = EMPTY;
  private owned = true;
  private head: Head | undefined;
  /** Chunked bodies: where the next chunk-size line starts, and [start, end) offsets of the data so far. */
  private chunkAt = 0;
  private ranges: number[] = [];
  private failure: Error | undefined;

  constructor(
    private readonly target: { host: string; port: number },
    private readonly pool: PoolSide,
  ) {
    this.socket = connect({
      ...target,
      onread: {
        buffer: READ_BUFFER,
        callback: (n) => {
          this.receive(READ_BUFFER.subarray(0, n));
          return true;
        },
      },
    });
    this.socket.setNoDelay(true);
    this.socket.on("error", (error) => (this.failure = error));
    this.socket.on("close", () => this.onClose());
  }

  send(exchange: Exchange): void {
    this.exchange = exchange;
    this.requests++;
    this.socket.write(exchange.text);
  }

  private receive(chunk: Buffer): void {
    if (!this.exchange) {
      this.socket.destroy(); // bytes nobody asked for: the framing is lost
      return;
    }
    if (this.buf.length === 0) [this.buf, this.owned] = [chunk, false];
    else [this.buf, this.owned] = [Buffer.concat([this.buf, chunk]), true];
    try {
      this.parse();
    } catch (error) {
      this.socket.destroy(error as Error);
    }
    if (!this.owned && this.buf.length > 0) [this.buf, this.owned] = [Buffer.from(this.buf), true];
  }

  private parse(): void {
    if (!this.head) {
      const end = this.buf.indexOf(HEAD_END);
      if (end < 0) {
        if (this.buf.length > MAX_HEAD_BYTES) throw new Error(`no end of headers in ${MAX_HEAD_BYTES} bytes`);
        return;
      }
      this.head = parseHead(this.buf, end);
      if (this.head.status < 200) {
        // 100 Continue and friends: skip, the real response follows.
        this.buf = this.buf.subarray(this.head.bodyStart);
        this.head = undefined;
        return this.parse();
      }
      this.chunkAt = this.head.bodyStart;
    }
    const { framing, bodyStart } = this.head;
    if (typeof framing === "number") {
      if (this.buf.length - bodyStart < framing) return;
      this.finish(this.buf.toString("utf8", bodyStart, bodyStart + framing), bodyStart + framing);
    } else if (framing === "chunked") {
      this.parseChunks();
    }
  }

  private parseChunks(): void {
    for (;;) {
      const lineEnd = this.buf.indexOf(CRLF, this.chunkAt);
      if (lineEnd < 0) return;
      const size = parseInt(this.buf.toString("latin1", this.chunkAt, lineEnd), 16); // stops at ";extensions"
      if (Number.isNaN(size)) throw new Error("bad chunk size line");
      if (size === 0) {
        // The last chunk: skip any trailers up to the blank line.
        const end = this.buf.indexOf(HEAD_END, lineEnd);
        if (end < 0) return;
        const parts = [];
        for (let i = 0; i < this.ranges.length; i += 2)
          parts.push(this.buf.subarray(this.ranges[i], this.ranges[i + 1]));
        return this.finish(Buffer.concat(parts).toString("utf8"), end + HEAD_END.length);
      }
      const dataEnd = lineEnd + CRLF.length + size;
      if (this.buf.length < dataEnd + CRLF.length) return;
      this.ranges.push(lineEnd + CRLF.length, dataEnd);
      this.chunkAt = dataEnd + CRLF.length;
    }
  }

  private finish(body: string, consumed: number): void {
    const { status, header } = this.head!;
    const exchange = this.exchange!;
    this.buf = consumed === this.buf.length ? EMPTY : this.buf.subarray(consumed);
    this.head = undefined;
    this.ranges = [];
    this.exchange = undefined;
    if (/close/i.test(header("connection") ?? "")) this.socket.destroy();
    else this.pool.release(this);
    exchange.resolve({ status, header, body });
  }

  private onClose(): void {
    const { exchange, head } = this;
    this.exchange = undefined;
    if (exchange && head?.framing === "close" && !this.failure) {
      exchange.resolve({
        status: head.status,
        header: head.header,
        body: this.buf.toString("utf8", head.bodyStart),
      });
      return this.pool.closed(this);
    }
    // A keep-alive connection the server closed as we reused it: nothing came back, so sending again is safe.
    if (exchange && this.requests > 1 && this.buf.length === 0 && !exchange.retried && !this.failure) {
      exchange.retried = true;
      return this.pool.closed(this, exchange);
    }
    const where = `${this.target.host}:${this.target.port}`;
    exchange?.reject(
      new Error(
        this.failure
          ? `${where}: ${this.failure.message}`
          : `${where} closed the connection before the response was complete`,
      ),
    );
    this.pool.closed(this);
  }
}

export function createHttpPool(url: URL, options: { maxSockets?: number } = {}): HttpPool {
  const target = { host: url.hostname, port: Number(url.port || 80) };
  const maxSockets = options.maxSockets ?? 64;
  const idle: Connection[] = [];
  const all = new Set<Connection>();
  const waiting: Exchange[] = [];
  let destroyed = false;

  const open = () => {
    const connection = new Connection(target, side);
    all.add(connection);
    return connection;
  };
  const side: PoolSide = {
    release(connection) {
      const next = waiting.shift();
      if (next) connection.send(next);
      else idle.push(connection);
    },
    closed(connection, resend) {
      all.delete(connection);
      const at = idle.indexOf(connection);
      if (at >= 0) idle.splice(at, 1);
      if (resend) waiting.unshift(resend);
      const next = !destroyed && waiting.length > 0 && all.size < maxSockets ? waiting.shift() : undefined;
      if (next) open().send(next);
    },
  };

  // A timer per request would cost more than the rest of the client; one sweep per pool costs nothing per call.
  const seen = new Map<Connection, number>();
  const watchdog = setInterval(() => {
    for (const connection of all) {
      const stuck = connection.exchange && seen.get(connection) === connection.requests;
      if (stuck) connection.socket.destroy(new Error(`no response within ${RESPONSE_TIMEOUT_MS} ms`));
      seen.set(connection, connection.requests);
    }
    for (const connection of seen.keys()) if (!all.has(connection)) seen.delete(connection);
  }, RESPONSE_TIMEOUT_MS).unref();

  return {
    request(text) {
      if (destroyed) return Promise.reject(new Error(`HTTP pool for ${url.host} is closed`));
      return new Promise((resolve, reject) => {
        const exchange = { text, resolve, reject, retried: false };
        const connection = idle.pop() ?? (all.size < maxSockets ? open() : undefined);
        if (connection) connection.send(exchange);
        else waiting.push(exchange);
      });
    },
    destroy() {
      destroyed = true;
      clearInterval(watchdog);
      for (const exchange of waiting.splice(0))
        exchange.reject(new Error(`HTTP pool for ${url.host} closed`));
      for (const connection of all) connection.socket.destroy();
    },
  };
}

/** Bounds of a server's stderr ring: enough to see why it crashed, too little to hurt the hub's memory. */
export const LOG_RING_MAX_LINES = 500;
export const LOG_RING_MAX_BYTES = 256 * 1024;
/** A line longer than this is cut: a server printing megabytes without a newline must not grow the buffer. */
const MAX_LINE_CHARS = 8 * 1024;

/** The last lines a server wrote, bounded both in lines and in bytes. */
export class LogRing {
  private readonly entries: string[] = [];
  private bytes = 0;
  private partial = "";

  constructor(private readonly limits: { maxLines?: number; maxBytes?: number } = {}) {}

  /** Appends raw output; complete lines enter the ring, the rest waits for its newline. */
  push(chunk: Buffer | string): void {
    const text = this.partial + chunk.toString();
    const lines = text.split(/\r?\n/);
    this.partial = (lines.pop() ?? "").slice(0, MAX_LINE_CHARS);
    for (const line of lines) this.add(line.slice(0, MAX_LINE_CHARS));
  }

  /** Adds one whole line (e.g. a supervisor note). */
  add(line: string): void {
    this.entries.push(line);
    this.bytes += Buffer.byteLength(line);
    const maxLines = this.limits.maxLines ?? LOG_RING_MAX_LINES;
    const maxBytes = this.limits.maxBytes ?? LOG_RING_MAX_BYTES;
    while (this.entries.length > maxLines || (this.bytes > maxBytes && this.entries.length > 1)) {
      this.bytes -= Buffer.byteLength(this.entries.shift() ?? "");
    }
  }

  /** Complete lines, oldest first, plus an unterminated last line if any. */
  lines(): string[] {
    return this.partial ? [...this.entries, this.partial] : [...this.entries];
  }
}

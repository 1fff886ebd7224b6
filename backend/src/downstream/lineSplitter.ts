/** Newline framing for stdio: bytes in, complete lines out (a trailing \r dropped, blank lines skipped). */
export class LineSplitter {
  /** Pieces of a line not yet ended; joined once, when its newline arrives (a large message spans many chunks). */
  private partial: Buffer[] = [];

  push(chunk: Buffer, onLine: (line: string) => void): void {
    let start = 0;
    for (let end = chunk.indexOf(10); end !== -1; end = chunk.indexOf(10, start)) {
      if (this.partial.length) {
        this.partial.push(chunk.subarray(start, end));
        this.emit(Buffer.concat(this.partial), 0, undefined, onLine);
        this.partial = [];
      } else this.emit(chunk, start, end, onLine);
      start = end + 1;
    }
    if (start < chunk.length) this.partial.push(chunk.subarray(start));
  }

  clear(): void {
    this.partial = [];
  }

  private emit(data: Buffer, start: number, end = data.length, onLine: (line: string) => void): void {
    const stop = end > start && data[end - 1] === 13 ? end - 1 : end;
    if (stop > start) onLine(data.toString("utf8", start, stop));
  }
}

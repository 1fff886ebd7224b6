/** Newline framing for stdio: bytes in, complete lines out (a trailing \r dropped, blank lines skipped). */
export class LineSplitter {
  /** Pieces of a line not yet ended; joined once, when its newline arrives (a large message spans many chunks). */
  private partial: Buffer[] = [];

  push(chunk: Buffer, onLine: (line: string) => void): void {
    let start = 0;
    for (let end = chunk.indexOf(10); end !== -1; end = chunk.indexOf(10, start)) {
      const piece = chunk.subarray(start, end);
      emit(this.partial.length ? Buffer.concat([...this.partial, piece]) : piece, onLine);
      this.partial = [];
      start = end + 1;
    }
    if (start < chunk.length) this.partial.push(chunk.subarray(start));
  }

  clear(): void {
    this.partial = [];
  }
}

function emit(line: Buffer, onLine: (line: string) => void): void {
  const length = line.at(-1) === 13 ? line.length - 1 : line.length;
  if (length > 0) onLine(line.toString("utf8", 0, length));
}

import { describe, expect, it } from "vitest";
import { LineSplitter } from "../../src/downstream/lineSplitter.js";

function split(chunks: (string | Buffer)[]): string[] {
  const splitter = new LineSplitter();
  const lines: string[] = [];
  for (const chunk of chunks) splitter.push(Buffer.from(chunk), (line) => lines.push(line));
  return lines;
}

describe("LineSplitter", () => {
  it("returns every complete line of a chunk, and keeps the unfinished one for the next", () => {
    expect(split(['{"a":1}\n{"b":2}\n{"c"', ":3}\n"])).toEqual(['{"a":1}', '{"b":2}', '{"c":3}']);
  });

  it("drops a trailing CR and skips blank lines", () => {
    expect(split(["one\r\n\r\n\ntwo\n"])).toEqual(["one", "two"]);
  });

  it("joins a line spread over many chunks, and a multi-byte character split between two", () => {
    const big = "x".repeat(100_000);
    const pieces = big.match(/.{1,1000}/g)!;
    expect(split([...pieces, "\n"])).toEqual([big]);
    const euro = Buffer.from("€\n");
    expect(split([euro.subarray(0, 1), euro.subarray(1)])).toEqual(["€"]);
  });

  it("forgets a partial line on clear()", () => {
    const splitter = new LineSplitter();
    const lines: string[] = [];
    splitter.push(Buffer.from("half"), (l) => lines.push(l));
    splitter.clear();
    splitter.push(Buffer.from("whole\n"), (l) => lines.push(l));
    expect(lines).toEqual(["whole"]);
  });
});

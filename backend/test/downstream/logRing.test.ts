import { describe, expect, it } from "vitest";
import { LogRing } from "../../src/downstream/index.js";

describe("LogRing", () => {
  it("splits chunks into lines, keeping a partial line until its newline", () => {
    const ring = new LogRing();
    ring.push("one\ntw");
    expect(ring.lines()).toEqual(["one", "tw"]);
    ring.push(Buffer.from("o\r\nthree\n"));
    expect(ring.lines()).toEqual(["one", "two", "three"]);
  });

  it("keeps only the newest lines", () => {
    const ring = new LogRing({ maxLines: 3 });
    for (let i = 0; i < 10; i++) ring.push(`line ${i}\n`);
    expect(ring.lines()).toEqual(["line 7", "line 8", "line 9"]);
  });

  it("bounds the bytes held, and cuts giant lines", () => {
    const ring = new LogRing({ maxBytes: 100 });
    for (let i = 0; i < 10; i++) ring.add("x".repeat(30));
    expect(ring.lines().join("").length).toBeLessThanOrEqual(100);
    const big = new LogRing();
    big.push("y".repeat(100_000) + "\n");
    expect(big.lines()[0]!.length).toBe(8 * 1024);
  });
});

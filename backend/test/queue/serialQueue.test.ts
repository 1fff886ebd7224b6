import { describe, expect, it } from "vitest";
import { SerialQueue } from "../../src/queue/index.js";

/** A promise the test resolves when it chooses. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

describe("SerialQueue", () => {
  it("starts a task only after the one before it has settled, in the order given", async () => {
    const queue = new SerialQueue();
    const first = gate();
    const log: string[] = [];
    const a = queue.run(async () => {
      log.push("a start");
      await first.opened;
      log.push("a end");
      return "a";
    });
    const b = queue.run(() => {
      log.push("b");
      return "b";
    });
    await Promise.resolve();
    expect(log).toEqual(["a start"]);
    first.open();
    expect(await Promise.all([a, b])).toEqual(["a", "b"]);
    expect(log).toEqual(["a start", "a end", "b"]);
  });

  it("rejects only the task that failed; the ones behind it still run", async () => {
    const queue = new SerialQueue();
    const failed = queue.run(async () => {
      throw new Error("disk full");
    });
    const next = queue.run(async () => "written");
    await expect(failed).rejects.toThrow("disk full");
    expect(await next).toBe("written");
  });
});

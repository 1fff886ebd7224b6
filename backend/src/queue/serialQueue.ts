/**
 * Runs tasks one at a time, in the order they were given: read-modify-write of a file, or messages whose order
 * must survive an awaited step. A task that fails rejects its own promise only; the tasks behind it still run.
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => T | PromiseLike<T>): Promise<T> {
    const run = this.tail.then(task);
    this.tail = run.catch(() => undefined);
    return run;
  }
}

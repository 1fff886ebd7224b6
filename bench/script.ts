/** Runs a bench script to its end: exit 0 when `main` resolves, 1 with the error on stderr when it rejects. */
export function runScript(tag: string, main: () => Promise<void>): void {
  // Nothing but timers may be pending at times (fetch with AbortSignal.timeout does not hold the loop open).
  const keepAlive = setInterval(() => undefined, 60_000);
  main().then(
    () => {
      clearInterval(keepAlive);
      process.exit(0);
    },
    (error: unknown) => {
      process.stderr.write(
        `[${tag}] failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      clearInterval(keepAlive);
      process.exit(1);
    },
  );
}

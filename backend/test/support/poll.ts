/**
 * Calls `check` every `intervalMs` until it returns true (→ true) or `timeoutMs` has passed (→ false): the waits of
 * the test support and the bench, which run outside vitest's `vi.waitUntil`.
 */
export async function pollUntil(
  check: () => Promise<boolean>,
  options: { timeoutMs: number; intervalMs: number },
): Promise<boolean> {
  const deadline = Date.now() + options.timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs));
  }
  return false;
}

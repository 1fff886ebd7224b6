/** A command's answer on stdout: as JSON with --json (for scripts), else as text for people. */
export function print(flags: { json?: boolean }, value: unknown, text: () => string): void {
  console.log(flags.json ? JSON.stringify(value, null, 2) : text());
}

/**
 * Secret values in kept client-file text. Once a server's values are in the secret store, the text the hub keeps of
 * its file holds marks instead: `\u0000mcp-hub-secret:NAME\u0000` as written in the JSON text (an escaped NUL, which
 * no client writes). A rollback fills them back from the store. Both directions are one pass, so a mark is never
 * matched again by a shorter value.
 */

const NUL = "\u0000";
const MARKS = /\\u0000mcp-hub-secret:([A-Za-z_][A-Za-z0-9_]*)\\u0000/g;

/** A value as it stands inside a JSON string literal written as JSON.stringify writes it. */
const escaped = (value: string) => JSON.stringify(value).slice(1, -1);
const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * A decoded string with each value (secret name → value) replaced by its mark; JSON.stringify of the result is the
 * marked literal. Undefined when no value occurs in it.
 */
export function markValues(decoded: string, values: Record<string, string>): string | undefined {
  const byValue = new Map<string, string>();
  for (const [name, value] of Object.entries(values)) if (value) byValue.set(value, name);
  if (![...byValue.keys()].some((value) => decoded.includes(value))) return undefined;
  // Longest first, so a value that contains another is marked whole.
  const pattern = new RegExp(
    [...byValue.keys()]
      .sort((a, b) => b.length - a.length)
      .map(literal)
      .join("|"),
    "g",
  );
  return decoded.replace(pattern, (found) => `${NUL}mcp-hub-secret:${byValue.get(found)!}${NUL}`);
}

/** The secret names marked in a JSON text. */
export function secretsMarkedIn(text: string): string[] {
  return [...new Set([...text.matchAll(MARKS)].map((match) => match[1]!))];
}

/** The JSON text with the marks of the given secrets filled with their values; other marks stay. */
export function fillSecrets(text: string, values: Record<string, string>): string {
  return text.replace(MARKS, (mark, name: string) =>
    Object.hasOwn(values, name) ? escaped(values[name]!) : mark,
  );
}

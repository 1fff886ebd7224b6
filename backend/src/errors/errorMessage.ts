/** What to say about a caught value: its message when it is an Error, else its text (code may throw anything). */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The caught value as an Error, for APIs that take one (onerror, reject, stream destroy). */
export function toError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

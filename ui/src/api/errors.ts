/** Any failed API call: the HTTP status (0 = the hub was not reached), the hub's stable code and its message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "ApiError";
  }

  get unreachable(): boolean {
    return this.status === 0;
  }
}

/** The hub answers errors as {error, message}; anything else is shown as it came. */
export function toApiError(status: number, body: unknown, fallback: string): ApiError {
  if (body && typeof body === "object") {
    const { error, message } = body as { error?: unknown; message?: unknown };
    if (typeof message === "string")
      return new ApiError(status, typeof error === "string" ? error : "error", message);
  }
  if (typeof body === "string" && body.trim()) {
    try {
      return toApiError(status, JSON.parse(body), fallback);
    } catch {
      return new ApiError(status, "error", body.trim());
    }
  }
  return new ApiError(status, "error", fallback);
}

/** What to say about a caught value: its message when it is an Error, else its text. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** What to tell the user to do about an error, beyond its message. */
export function hintFor(error: unknown): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  if (error.unreachable)
    return "The hub did not answer. Is it running? Standalone: `make run`; Docker Desktop: restart the extension.";
  if (error.status === 401)
    return "The token is missing or was rotated. Enter the current one (`mcp-hub token`).";
  if (error.status === 403)
    return "The hub refused this origin or host. Open the dashboard at http://127.0.0.1:3010/.";
  if (error.status === 429) return "Too many requests: wait a minute and try again.";
  if (error.status === 503) return "The server is not ready yet; try again in a moment or look at its logs.";
  return undefined;
}

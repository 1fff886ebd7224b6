import { errorMessage } from "./errorMessage.js";
import { HubError } from "./hubError.js";

/** Stable codes for the 4xx answers fastify and its plugins raise themselves (parsing, routing, limits). */
const codeByStatus: Record<number, string> = {
  404: "not_found",
  405: "method_not_allowed",
  406: "not_acceptable",
  413: "payload_too_large",
  415: "unsupported_media_type",
  429: "rate_limited",
};

/** One mapping for the REST API: 4xx shows the message, 5xx a generic text plus the stable code. */
export function toHttpError(error: unknown): { status: number; body: { error: string; message: string } } {
  if (error instanceof HubError) {
    const exposed = error.httpStatus < 500 || [502, 503, 504].includes(error.httpStatus);
    return {
      status: error.httpStatus,
      body: { error: error.code, message: exposed ? error.message : "Internal Server Error" },
    };
  }
  const status = (error as { statusCode?: number }).statusCode;
  if (typeof status === "number" && status >= 400 && status < 500)
    return { status, body: { error: codeByStatus[status] ?? "bad_request", message: errorMessage(error) } };
  return { status: 500, body: { error: "internal", message: "Internal Server Error" } };
}

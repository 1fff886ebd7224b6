import { EventSourceParserStream } from "eventsource-parser/stream";
import { desktopClient, inDockerDesktop } from "./ddClient";
import { ApiError, errorMessage, toApiError } from "./errors";
import { getToken, rejectToken } from "./token";

export type Method = "GET" | "POST" | "PUT" | "DELETE";

/**
 * One request to the hub's REST API. Inside Docker Desktop it goes through ddClient.extension.vm.service to the
 * extension socket; on the standalone dashboard it is a same-origin fetch with the bearer token.
 */
export async function request<T>(method: Method, path: string, body?: unknown): Promise<T> {
  return inDockerDesktop() ? viaDesktop<T>(method, path, body) : viaFetch<T>(method, path, body);
}

async function viaDesktop<T>(method: Method, path: string, body?: unknown): Promise<T> {
  const service = desktopClient().extension.vm?.service;
  if (!service) throw new ApiError(0, "no_backend", "Docker Desktop did not give this extension a backend.");
  try {
    switch (method) {
      case "GET":
        return (await service.get(path)) as T;
      case "POST":
        return (await service.post(path, body ?? {})) as T;
      case "PUT":
        return (await service.put(path, body ?? {})) as T;
      case "DELETE":
        return (await service.delete(path)) as T;
    }
  } catch (error) {
    // ServiceError {statusCode, message}; the message carries the hub's JSON body. After an extension update the
    // socket can refuse connections until Desktop restarts (ECONNREFUSED, no status code).
    const { statusCode, message } = (error ?? {}) as { statusCode?: number; message?: string };
    throw toApiError(statusCode ?? 0, message, message ?? "The extension backend did not answer.");
  }
}

async function viaFetch<T>(method: Method, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json" };
  const token = getToken();
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers["content-type"] = "application/json";
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    throw new ApiError(0, "unreachable", `Could not reach the hub: ${errorMessage(error)}`);
  }
  if (response.status === 401) rejectToken();
  const text = await response.text();
  let parsed: unknown = undefined;
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = text;
    }
  }
  if (!response.ok)
    throw toApiError(response.status, parsed, `${method} ${path} failed with ${response.status}`);
  return parsed as T;
}

/**
 * Reads a server-sent-event stream with fetch (EventSource cannot send the Authorization header). Resolves when
 * the stream ends; rejects on HTTP errors. Standalone only: vm.service cannot stream.
 */
export async function readEventStream(
  path: string,
  init: { method?: Method; body?: unknown; signal?: AbortSignal },
  onEvent: (event: string, data: unknown) => void,
): Promise<void> {
  const headers: Record<string, string> = { accept: "text/event-stream" };
  const token = getToken();
  if (token) headers.authorization = `Bearer ${token}`;
  if (init.body !== undefined) headers["content-type"] = "application/json";
  let response: Response;
  try {
    response = await fetch(path, {
      method: init.method ?? "GET",
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      signal: init.signal,
    });
  } catch (error) {
    if (init.signal?.aborted) return;
    throw new ApiError(0, "unreachable", `Could not reach the hub: ${errorMessage(error)}`);
  }
  if (response.status === 401) rejectToken();
  if (!response.ok || !response.body)
    throw toApiError(response.status, await response.text(), `${path} failed with ${response.status}`);
  const events = response.body
    .pipeThrough(new TextDecoderStream())
    .pipeThrough(new EventSourceParserStream());
  const reader = events.getReader();
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      // Unnamed events are "message", as EventSource names them.
      onEvent(value.event ?? "message", parseData(value.data));
    }
  } catch (error) {
    if (!init.signal?.aborted) throw error;
  }
}

/** A dropped stream is read again after this: a restarting hub is back within seconds; faster only adds noise. */
const STREAM_RETRY_MS = 3_000;

/**
 * Keeps reading a server-sent-event stream for as long as the page shows it: after a drop or an error it is read
 * again, until the signal aborts (then it resolves). The pages show the hub's reachability from their own queries.
 */
export async function followEventStream(
  path: string,
  onEvent: (event: string, data: unknown) => void,
  signal: AbortSignal,
): Promise<void> {
  while (!signal.aborted) {
    try {
      await readEventStream(path, { signal }, onEvent);
    } catch {
      // read again below
    }
    await new Promise((resolve) => setTimeout(resolve, STREAM_RETRY_MS));
  }
}

/** The hub's events carry JSON; anything else is passed on as text. */
function parseData(data: string): unknown {
  try {
    return JSON.parse(data);
  } catch {
    return data;
  }
}

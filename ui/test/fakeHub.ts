import { vi } from "vitest";

/** A route of the fake hub: returns the JSON body, or throws {status, body} for an HTTP error. */
export type Handler = (body: unknown, url: URL) => unknown;
export class HttpFailure {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {}
}

/**
 * The hub's REST API as the UI sees it, faked only at the boundary: window.ddClient (inside Docker Desktop) or
 * fetch (standalone dashboard). Every call is recorded with method, path and body.
 */
export function fakeHub(custom: Record<string, Handler>) {
  // The dashboard opens the events stream as soon as it is signed in; an empty stream just ends.
  const routes: Record<string, Handler> = { "GET /api/events": () => sseResponse([]), ...custom };
  const calls: { method: string; path: string; body?: unknown; headers?: Record<string, string> }[] = [];
  const handle = (method: string, path: string, body: unknown) => {
    const url = new URL(path, "http://hub.test");
    const handler = routes[`${method} ${url.pathname}`];
    if (!handler)
      throw new HttpFailure(404, { error: "not_found", message: `no route ${method} ${url.pathname}` });
    return handler(body, url);
  };

  /** Installs window.ddClient whose vm.service answers like Docker Desktop (ServiceError on failure). */
  const installDesktop = () => {
    const call = (method: string) => async (path: string, body?: unknown) => {
      calls.push({ method, path, body });
      try {
        return handle(method, path, body);
      } catch (error) {
        if (error instanceof HttpFailure)
          throw { name: "ServiceError", statusCode: error.status, message: JSON.stringify(error.body) };
        throw error;
      }
    };
    const service = { get: call("GET"), post: call("POST"), put: call("PUT"), delete: call("DELETE") };
    (window as { ddClient?: unknown }).ddClient = { extension: { vm: { service } } };
  };

  /** Stubs fetch like the hub's own port; requests without `Bearer <token>` get 401. */
  const installStandalone = (token: string) => {
    const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
      const method = init?.method ?? "GET";
      const path = String(input);
      const headers = (init?.headers ?? {}) as Record<string, string>;
      const body = init?.body ? JSON.parse(String(init.body)) : undefined;
      calls.push({ method, path, body, headers });
      if (headers.authorization !== `Bearer ${token}`)
        return json(401, { error: "unauthorized", message: "invalid token" });
      try {
        const result = handle(method, path, body);
        if (result instanceof Response) return result;
        return result === undefined ? new Response(null, { status: 204 }) : json(200, result);
      } catch (error) {
        if (error instanceof HttpFailure) return json(error.status, error.body);
        throw error;
      }
    });
    vi.stubGlobal("fetch", fetchMock);
    return fetchMock;
  };

  return { calls, installDesktop, installStandalone };
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
}

/** A text/event-stream response, as the hub sends for try-it calls and /api/events. */
export function sseResponse(events: { event: string; data: unknown }[]): Response {
  const text = events
    .map((e) => `event: ${e.event}\ndata: ${JSON.stringify(e.data)}\n\n`)
    .join(": heartbeat\n\n");
  return new Response(text, { status: 200, headers: { "content-type": "text/event-stream" } });
}

/** GET /api/status of a fresh hub: no servers, no sessions. */
export const EMPTY_STATUS = {
  version: "0.1.0",
  startedAt: "",
  uptimeSeconds: 42,
  servers: { total: 0, ready: 0 },
  tools: 0,
  sessions: 0,
  registry: { state: "disabled" },
};

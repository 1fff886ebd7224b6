/**
 * The only module the UI's data layer talks to, so pages never reach ddClient. Each function is one REST call; the
 * transport (Docker Desktop socket or same-origin fetch with the token) is chosen in http.ts. In Docker Desktop the
 * client functions run the host helper instead (hostHelper.ts).
 */
import { inDockerDesktop } from "./ddClient";
import { runHostHelper } from "./hostHelper";
import { readEventStream, request } from "./http";
import { setToken } from "./token";
import type {
  AuditEvent,
  AuditQuery,
  ClientAction,
  ClientSetupGuide,
  ClientStatus,
  DockerResources,
  HubEvent,
  HubStatus,
  Platform,
  Progress,
  ServerConfig,
  ServerView,
  Settings,
  ToolCallOutcome,
  ToolView,
} from "./types";

export * from "./types";
export { ApiError, errorMessage, hintFor } from "./errors";
export { desktopToast, inDockerDesktop, userPlatform } from "./ddClient";
export { getToken, setToken, subscribeToken, takeTokenFromUrl, tokenRejected } from "./token";

const enc = encodeURIComponent;

export const api = {
  status: () => request<HubStatus>("GET", "/api/status"),

  servers: async () => (await request<{ servers: ServerView[] }>("GET", "/api/servers")).servers,
  addServer: (config: ServerConfig) => request<ServerView>("POST", "/api/servers", config),
  removeServer: (name: string) => request<void>("DELETE", `/api/servers/${enc(name)}`),
  serverAction: (name: string, action: "enable" | "disable" | "restart") =>
    request<ServerView>("POST", `/api/servers/${enc(name)}/${action}`),
  serverLogs: async (name: string) =>
    (await request<{ lines: string[] }>("GET", `/api/servers/${enc(name)}/logs`)).lines,
  serverTools: async (name: string) =>
    (await request<{ tools: ToolView[] }>("GET", `/api/servers/${enc(name)}/tools`)).tools,

  /**
   * Calls a tool through the hub. Standalone, progress arrives as it happens (SSE); inside Docker Desktop the
   * socket cannot stream, so progress comes with the result.
   */
  callTool: async (options: {
    server: string;
    tool: string;
    args: Record<string, unknown>;
    onProgress?: (progress: Progress) => void;
    signal?: AbortSignal;
  }): Promise<ToolCallOutcome> => {
    const path = `/api/servers/${enc(options.server)}/tools/${enc(options.tool)}/call`;
    const body = { arguments: options.args };
    if (inDockerDesktop()) {
      const outcome = await request<ToolCallOutcome>("POST", path, body);
      outcome.progress.forEach((p) => options.onProgress?.(p));
      return outcome;
    }
    let outcome: ToolCallOutcome | undefined;
    await readEventStream(path, { method: "POST", body, signal: options.signal }, (event, data) => {
      if (event === "progress") options.onProgress?.(data as Progress);
      if (event === "result") outcome = data as ToolCallOutcome;
    });
    if (!outcome)
      return {
        outcome: "cancelled",
        error: { code: 0, message: "The call was cancelled before the hub answered." },
        progress: [],
        latencyMs: 0,
      };
    return outcome;
  },

  // Inside Docker Desktop the host helper writes the user's files; standalone, the hub does (with a mounted home).
  clients: async () => {
    const body = inDockerDesktop()
      ? await runHostHelper<ClientStatus[]>(["ls"])
      : await request<{ clients: ClientStatus[] } | ClientStatus[]>("GET", "/api/clients");
    return Array.isArray(body) ? body : body.clients;
  },
  clientAction: <T = unknown>(client: string, action: ClientAction) =>
    inDockerDesktop()
      ? runHostHelper<T>([action, client])
      : request<T>("POST", `/api/clients/${enc(client)}/${action}`),
  /** How to wire each client by hand on the user's OS; the hub answers this even without the user's home. */
  clientSetup: (platform: Platform) =>
    request<ClientSetupGuide>("GET", `/api/clients/setup?platform=${platform}`),

  /** What the docker tools created, whether or not the docker server is on. */
  docker: () => request<DockerResources>("GET", "/api/docker"),

  audit: async (query: AuditQuery = {}) => {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query))
      if (value !== undefined && value !== "") params.set(key, String(value));
    const qs = params.toString();
    return (await request<{ events: AuditEvent[] }>("GET", `/api/audit${qs ? `?${qs}` : ""}`)).events;
  },

  settings: async () => (await request<{ settings: Settings }>("GET", "/api/settings")).settings,
  updateSettings: async (patch: Partial<Pick<Settings, "callTimeoutMs" | "readOnly">>) =>
    (await request<{ settings: Settings }>("PUT", "/api/settings", patch)).settings,
  /** The old token stops working at once; the dashboard keeps the new one so it stays signed in. */
  rotateToken: async () => {
    const { token } = await request<{ token: string }>("POST", "/api/token/rotate");
    if (!inDockerDesktop()) setToken(token);
    return token;
  },

  /** Live hub events (standalone only). Reconnects until the signal aborts; resolves then. */
  events: async (onEvent: (event: HubEvent) => void, signal: AbortSignal) => {
    const RETRY_MS = 3_000; // a restarting hub is back within seconds; faster retries only add noise
    while (!signal.aborted) {
      try {
        await readEventStream("/api/events", { signal }, (event, data) =>
          onEvent({ event, data } as HubEvent),
        );
      } catch {
        // fall through to the retry; the pages show the hub's reachability from their own queries
      }
      await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
    }
  },
};

export type Api = typeof api;

/**
 * The only module the UI's data layer talks to, so pages never reach ddClient. Each function is one REST call; the
 * transport (Docker Desktop socket or same-origin fetch with the token) is chosen in http.ts. In Docker Desktop the
 * client functions run the host helper instead (hostHelper.ts).
 */
import { inDockerDesktop } from "./ddClient";
import { runHostHelper } from "./hostHelper";
import { followEventStream, readEventStream, request } from "./http";
import { ApiError } from "./errors";
import { migrateApi } from "./migrate";
import { setToken } from "./token";
import type {
  AgentAddInput,
  AgentsResponse,
  AgentView,
  AuditEventsResponse,
  AuthorizationStart,
  AuditQuery,
  ClientAction,
  ClientActionResults,
  ClientSetupGuide,
  ClientsResponse,
  ClientStatus,
  GarbageCollection,
  GarbageCollectionEvent,
  DockerResources,
  HubEvent,
  HubStatus,
  Platform,
  Progress,
  RegistryDeleted,
  RegistryResponse,
  RegistryTagResponse,
  ServerAction,
  ServerConfigInput,
  ServerLogsResponse,
  ServersResponse,
  ServerView,
  SettingsPatch,
  SettingsResponse,
  TokenRotateResponse,
  ToolsResponse,
  TryItEvent,
  TryItOutcome,
} from "./types";

export * from "./types";
export { ApiError, errorMessage, hintFor } from "./errors";
export { desktopToast, inDockerDesktop, openExternally, userPlatform } from "./ddClient";
export { hostHelperCommand } from "./hostHelper";
export { getToken, setToken, subscribeToken, takeTokenFromUrl, tokenRejected } from "./token";

const enc = encodeURIComponent;

export const api = {
  status: () => request<HubStatus>("GET", "/api/status"),

  servers: async () => (await request<ServersResponse>("GET", "/api/servers")).servers,
  addServer: (config: ServerConfigInput) => request<ServerView>("POST", "/api/servers", config),
  removeServer: (name: string) => request<void>("DELETE", `/api/servers/${enc(name)}`),
  serverAction: (name: string, action: ServerAction) =>
    request<ServerView>("POST", `/api/servers/${enc(name)}/${action}`),
  serverLogs: async (name: string) =>
    (await request<ServerLogsResponse>("GET", `/api/servers/${enc(name)}/logs`)).lines,
  serverTools: async (name: string) =>
    (await request<ToolsResponse>("GET", `/api/servers/${enc(name)}/tools`)).tools,
  /** An authorization page for a remote server behind OAuth; its state is single-use and expires. */
  authorizeServer: (name: string) => request<AuthorizationStart>("POST", `/api/servers/${enc(name)}/auth`),
  revokeAuthorization: (name: string) => request<ServerView>("DELETE", `/api/servers/${enc(name)}/auth`),

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
  }): Promise<TryItOutcome> => {
    const path = `/api/servers/${enc(options.server)}/tools/${enc(options.tool)}/call`;
    const body = { arguments: options.args };
    if (inDockerDesktop()) {
      const outcome = await request<TryItOutcome>("POST", path, body);
      outcome.progress.forEach((p) => options.onProgress?.(p));
      return outcome;
    }
    let outcome: TryItOutcome | undefined;
    await readEventStream(path, { method: "POST", body, signal: options.signal }, (event, data) => {
      const message = { event, data } as TryItEvent;
      if (message.event === "progress") options.onProgress?.(message.data);
      if (message.event === "result") outcome = message.data;
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
      : await request<ClientsResponse>("GET", "/api/clients");
    return Array.isArray(body) ? body : body.clients;
  },
  clientAction: <A extends ClientAction>(client: string, action: A) =>
    inDockerDesktop()
      ? runHostHelper<ClientActionResults[A]>([action, client])
      : request<ClientActionResults[A]>("POST", `/api/clients/${enc(client)}/${action}`),
  /** How to wire each client by hand on the user's OS; the hub answers this even without the user's home. */
  clientSetup: (platform: Platform) =>
    request<ClientSetupGuide>("GET", `/api/clients/setup?platform=${platform}`),

  /** A2A agents (servers of the a2a module), with their cards, and the A2A gateway's URL. */
  agents: () => request<AgentsResponse>("GET", "/api/agents"),
  /** Refused (422 agent_refused) with the reason when the hub cannot use the agent's card. */
  addAgent: (agent: AgentAddInput) => request<AgentView>("POST", "/api/agents", agent),
  removeAgent: (name: string) => request<void>("DELETE", `/api/agents/${enc(name)}`),

  /** What the docker tools created, whether or not the docker server is on. */
  docker: () => request<DockerResources>("GET", "/api/docker"),

  audit: async (query: AuditQuery = {}) => {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query))
      if (value !== undefined && value !== "") params.set(key, String(value));
    const qs = params.toString();
    return (await request<AuditEventsResponse>("GET", `/api/audit${qs ? `?${qs}` : ""}`)).events;
  },

  registry: () => request<RegistryResponse>("GET", "/api/registry"),
  /** One tag, with every tag of its repository on the same digest (a delete removes them all). */
  registryTag: (repository: string, tag: string) =>
    request<RegistryTagResponse>("GET", `/api/registry/tag?${new URLSearchParams({ repository, tag })}`),
  /** Refused (409 image_in_use) while an enabled server uses it, unless forced. */
  deleteRegistryTag: ({ repository, tag, force }: { repository: string; tag: string; force: boolean }) =>
    request<RegistryDeleted>(
      "DELETE",
      `/api/registry/tag?${new URLSearchParams({ repository, tag, ...(force ? { force: "true" } : {}) })}`,
    ),
  /**
   * Garbage collection. Standalone, each step arrives as it happens (SSE); inside Docker Desktop the socket cannot
   * stream, so only the result comes.
   */
  collectGarbage: async (onStep?: (step: string) => void): Promise<GarbageCollection> => {
    if (inDockerDesktop()) return request<GarbageCollection>("POST", "/api/registry/gc");
    let result: GarbageCollection | undefined;
    let failure: ApiError | undefined;
    await readEventStream("/api/registry/gc", { method: "POST" }, (event, data) => {
      const message = { event, data } as GarbageCollectionEvent;
      if (message.event === "step") onStep?.(message.data.step);
      if (message.event === "result") result = message.data;
      if (message.event === "error")
        failure = new ApiError(message.data.status, message.data.error, message.data.message);
    });
    if (failure) throw failure;
    if (!result)
      throw new ApiError(
        0,
        "unreachable",
        "The hub stopped answering before garbage collection ended. Reload the page: the registry's state says whether it is running again.",
      );
    return result;
  },

  settings: async () => (await request<SettingsResponse>("GET", "/api/settings")).settings,
  updateSettings: async (patch: SettingsPatch) =>
    (await request<SettingsResponse>("PUT", "/api/settings", patch)).settings,
  /** The old token stops working at once; the dashboard keeps the new one so it stays signed in. */
  rotateToken: async () => {
    const { token } = await request<TokenRotateResponse>("POST", "/api/token/rotate");
    if (!inDockerDesktop()) setToken(token);
    return token;
  },

  /** Live hub events (standalone only). Reconnects until the signal aborts; resolves then. */
  events: (onEvent: (event: HubEvent) => void, signal: AbortSignal) =>
    followEventStream("/api/events", (event, data) => onEvent({ event, data } as HubEvent), signal),

  migrate: migrateApi,
};

export type Api = typeof api;

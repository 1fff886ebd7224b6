import { rmSync } from "node:fs";
import type { FastifyInstance } from "fastify";
import { AGENT_MODULE } from "@mcp-hub/contracts";
import { AgentDirectory } from "./agents/index.js";
import { buildApp } from "./app.js";
import { createAuditLog } from "./audit/index.js";
import {
  createSecretStore,
  createStateStore,
  ensureDataDir,
  loadOrCreateToken,
  REGISTRY_TOKEN_FILE,
  rotateToken,
} from "./config/index.js";
import type { SupervisionOptions } from "./downstream/index.js";
import { a2aModule, builtinModules, createdResources } from "./builtin/index.js";
import { hostMountFromEnv } from "./clients/index.js";
import {
  createHubControl,
  Fleet,
  Hub,
  Sessions,
  type AnyBuiltinModule,
  type EngineCheck,
} from "./hub/index.js";
import { errorMessage } from "./errors/index.js";
import { startGateway } from "./gateway/index.js";
import type { Logger } from "./log/index.js";
import { createMetrics } from "./metrics/index.js";
import {
  createMigrations,
  createProbes,
  type MigrationsOptions,
  type ProbeOptions,
} from "./migrate/index.js";
import { Authorizations, createAuthorizationStore } from "./oauth/index.js";
import { Registry, REGISTRY_DEFAULTS } from "./registry/index.js";
import { createDockerImages, createDockerRuntime, type ContainerRuntime } from "./runtime/index.js";
import { createPackager, packagingSettings, type Packager } from "./packaging/index.js";
import { createGuard } from "./transport/index.js";
import { VERSION } from "./version.js";

export interface HubProcessOptions {
  dataDir: string;
  host: string;
  port: number;
  /** The port users' browsers reach the hub at, when published elsewhere (HUB_PUBLIC_PORT): OAuth callbacks come there. */
  publicPort?: number;
  /** Docker Desktop's extension socket (/run/guest-services/backend.sock); requests on it need no token. */
  socketPath?: string;
  allowedHosts?: string[];
  log: Logger;
  runtime?: ContainerRuntime;
  /** Labels added to every container the hub creates (tests mark theirs). */
  containerLabels?: Record<string, string>;
  containerPrefix?: string;
  supervision?: SupervisionOptions;
  /** Built UI to serve at / (HUB_UI_DIR); absent = no dashboard. */
  uiDir?: string;
  /** REST API requests per minute per client (HUB_API_RATE_LIMIT). */
  apiRateLimit?: number;
  /** Built-in modules (default: the product's, builtin/index.ts; the a2a module is always added); tests add their own. */
  builtins?: readonly AnyBuiltinModule[];
  /** The local image registry the hub keeps running (HUB_REGISTRY_*); no image = not managed by the hub. */
  registry?: {
    image?: string;
    /** HUB_REGISTRY_PORT: used when Settings name no port. */
    port?: number;
    name?: string;
    /** "network" when the hub runs in a container on the registry's network (HUB_IN_CONTAINER), else "host". */
    reach?: "network" | "host";
  };
  /** How the registry reaches this hub for its notifications (e.g. http://<container>:3010); absent = none. */
  selfUrl?: string;
  /** The migration: packaging (default: images built on this engine), npm/PyPI reach, and probes tests replace. */
  migration?: {
    packager?: Packager;
    probes?: ProbeOptions;
    resolve?: MigrationsOptions["probes"];
    timeouts?: MigrationsOptions["timeouts"];
  };
  /** The A2A gateway (HUB_A2A_PORT, on `host`); absent = none. */
  gateway?: {
    port: number;
    /** The port it is published on, for the URLs the hub shows (HUB_A2A_PUBLIC_PORT); default: `port`. */
    publicPort?: number;
  };
}

const REDISCOVER_MS = 30_000; // labelled containers started by others show up within this
const ENGINE_RETRY_MS = 5_000; // while the Docker engine is unreachable, how often to look again

export interface RunningHub {
  app: FastifyInstance;
  hub: Hub;
  url: string;
  /** The A2A gateway's URL, when it listens. */
  gatewayUrl?: string;
  token: string;
  close(): Promise<void>;
}

/** Composition root: builds every service, passes dependencies explicitly, listens, then starts the fleet. */
export async function startHubProcess(options: HubProcessOptions): Promise<RunningHub> {
  const { log, dataDir } = options;
  await ensureDataDir(dataDir);
  const state = createStateStore({ dataDir, log });
  await state.load(); // an invalid state file stops start-up here, untouched
  const secrets = createSecretStore({ dataDir });
  let token = await loadOrCreateToken(dataDir);
  let listeningPort = options.port;
  const authorizations = new Authorizations({
    store: createAuthorizationStore({ dataDir }),
    secrets,
    publicPort: () => options.publicPort ?? listeningPort,
    version: VERSION,
    log: log.child({ mod: "oauth" }),
  });
  await authorizations.load(); // an invalid oauth.json stops start-up here, untouched
  const audit = createAuditLog({ dataDir, log });
  const metrics = createMetrics();
  const runtime =
    options.runtime ??
    createDockerRuntime({
      log,
      containerPrefix: options.containerPrefix,
      // A hub that labels its containers also sees only those: test hubs never adopt or remove a neighbour's.
      selector: options.containerLabels,
    });

  const settings = () => state.current().settings;
  let ready = false;
  const registry = new Registry({
    runtime,
    log: log.child({ mod: "registry" }),
    image: options.registry?.image,
    name: options.registry?.name,
    wantedPort: () => settings().registryPort ?? options.registry?.port ?? REGISTRY_DEFAULTS.port,
    reach: options.registry?.reach ?? "host",
    notifications: options.selfUrl
      ? {
          url: `${options.selfUrl}/registry/notifications`,
          token: await loadOrCreateToken(dataDir, REGISTRY_TOKEN_FILE),
        }
      : undefined,
    imageServers: () =>
      state
        .current()
        .servers.flatMap((s) =>
          s.kind === "image" ? [{ name: s.name, enabled: s.enabled, image: s.image }] : [],
        ),
    labels: options.containerLabels,
  });
  // What the agents' instances learn of their cards, for the A2A gateway and the REST API.
  const agents = new AgentDirectory();
  const agentConfigs = () =>
    state.current().servers.filter((s) => s.kind === "builtin" && s.module === AGENT_MODULE);
  // Sessions first: the fleet makes its downstream clients there, and the hub is built over both.
  const sessions = new Sessions(VERSION);
  const fleet = new Fleet({
    state,
    secrets,
    runtime,
    log,
    createClient: (server, capabilities) => sessions.sharedClient(server, capabilities),
    // Agents come and go with the user (the a2a module seeds no server): every hub can host them.
    builtins: [
      ...(options.builtins ?? builtinModules({ registry, labels: options.containerLabels, dataDir })),
      a2aModule({ directory: agents }),
    ],
    readOnly: () => settings().readOnly,
    labels: options.containerLabels,
    supervision: options.supervision,
    authorizations,
  });
  const hub = new Hub({
    version: VERSION,
    log,
    metrics,
    audit,
    fleet,
    sessions,
    settings,
    profiles: () => state.current().clients,
  });
  // The migration reaches the hub through the REST API's own narrow view of it.
  const migrations = createMigrations({
    dataDir,
    control: createHubControl(hub, { state, startedAt: new Date() }),
    secrets,
    packager:
      options.migration?.packager ??
      createPackager({
        runtime,
        images: createDockerImages({ log }),
        registry,
        settings: () => packagingSettings({ env: process.env, settings: settings().migration, secrets }),
        log,
        labels: options.containerLabels,
      }),
    registryStatus: () => registry.status(),
    probes: options.migration?.resolve ?? createProbes(options.migration?.probes),
    imageName: (repository, tag) => registry.imageName(repository, tag),
    host: hostMountFromEnv(process.env),
    log,
    timeouts: options.migration?.timeouts,
  });
  await migrations.load();
  let registryPort = settings().registryPort;
  state.watch((next) => {
    hub.settingsChanged();
    // A new registry port: the container moves there, with its images (same volume).
    if (next.settings.registryPort !== registryPort && ready) void registry.ensure();
    registryPort = next.settings.registryPort;
  });
  fleet.on("status", (status) => {
    metrics.serverUp.set({ server: status.name }, status.state === "ready" ? 1 : 0);
    metrics.breakerOpen.set({ server: status.name }, status.breaker === "open" ? 1 : 0);
    if (status.state === "restarting") metrics.restarts.inc({ server: status.name });
  });
  fleet.on("removed", (server) => metrics.forgetServer(server));
  let notReadyReason: string | undefined = "starting up";
  const rotate = async () => (token = await rotateToken(dataDir));
  const guard = createGuard({ token: () => token, allowedHosts: options.allowedHosts });
  /** The A2A gateway as clients on this machine reach it (its published port in a container), once it listens. */
  let publishedGateway: string | undefined;
  const appDeps = {
    hub,
    guard,
    audit,
    metrics,
    state,
    secrets,
    log,
    version: VERSION,
    ready: () => ready,
    notReadyReason: () => notReadyReason,
    apiRateLimit: options.apiRateLimit,
    uiDir: options.uiDir,
    rotateToken: rotate,
    registry,
    migrations,
    dockerResources: createdResources(),
    authorizations,
    agents: { directory: agents, gatewayUrl: () => publishedGateway },
  };
  const app = await buildApp(appDeps);
  const address = await app.listen({ host: options.host, port: options.port });
  listeningPort = Number(new URL(address).port) || options.port;
  let socketApp: FastifyInstance | undefined;
  if (options.socketPath) {
    // Docker Desktop reaches the backend on this socket; remove a stale one from a previous run first.
    rmSync(options.socketPath, { force: true });
    // The extension's UI is loaded from files by Docker Desktop: the socket serves no dashboard.
    socketApp = await buildApp({ ...appDeps, uiDir: undefined });
    await socketApp.listen({ path: options.socketPath });
  }
  log.info({ url: address }, "MCP Hub listening");
  // A taken gateway port costs the A2A gateway, not the hub: MCP and the dashboard stay up, and the log says why.
  const gatewayPort = options.gateway?.port;
  const gateway =
    gatewayPort === undefined
      ? undefined
      : await startGateway({
          directory: agents,
          fleet,
          agents: agentConfigs,
          settings,
          guard,
          audit,
          metrics,
          log: log.child({ mod: "gateway" }),
          host: options.host,
          port: gatewayPort,
        }).catch((error: unknown) => {
          log.error(
            { err: error, port: gatewayPort },
            `the A2A gateway could not listen on port ${gatewayPort}: ${errorMessage(error)}; set HUB_A2A_PORT to a free port`,
          );
          return undefined;
        });
  if (gateway) log.info({ url: gateway.url }, "A2A gateway listening");
  if (gateway)
    publishedGateway = `http://127.0.0.1:${options.gateway?.publicPort ?? new URL(gateway.url).port}`;

  const setEngine = (engine: EngineCheck) => {
    ready = engine.status === "ok";
    notReadyReason = engine.status === "ok" ? undefined : engine.reason;
    // Not awaited: a pull can take minutes and the registry is optional. Tried again when the engine comes back.
    const registryState = registry.status().state;
    if (ready && (registryState === "starting" || registryState === "failed")) void registry.ensure();
  };
  setEngine(await fleet.start());
  // The hub stays up without an engine (live, not ready): it keeps looking, then discovers as usual.
  let rediscover: NodeJS.Timeout | undefined;
  let closed = false;
  const tick = () => {
    const next = ready
      ? fleet.discover().then(
          () => undefined,
          (error: unknown) => log.warn({ err: error }, "discovery failed"),
        )
      : fleet.recover().then(setEngine);
    void next.finally(() => {
      if (closed) return;
      rediscover = setTimeout(tick, ready ? REDISCOVER_MS : ENGINE_RETRY_MS);
      rediscover.unref();
    });
  };
  rediscover = setTimeout(tick, ready ? REDISCOVER_MS : ENGINE_RETRY_MS);
  rediscover.unref();

  return {
    app,
    hub,
    url: address,
    gatewayUrl: gateway?.url,
    get token() {
      return token;
    },
    set token(value: string) {
      token = value;
    },
    async close() {
      closed = true;
      clearTimeout(rediscover);
      migrations.close();
      await gateway?.close();
      await app.close();
      await socketApp?.close();
      await fleet.stopAll();
      authorizations.close();
      await audit.close();
    },
  };
}

import { EventEmitter } from "node:events";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { ClientCapabilities } from "@modelcontextprotocol/sdk/types.js";
import type { AuthorizationStart, AuthorizationView } from "@mcp-hub/contracts";
import type { SecretStore, ServerConfig, StateStore } from "../config/index.js";
import {
  createDiscoveredDownstream,
  createDownstream,
  type BuiltinHost,
  type DownstreamServer,
  type ServerStatus,
  type SupervisionOptions,
} from "../downstream/index.js";
import {
  BadRequest,
  errorMessage,
  ImageUnavailable,
  NotRemovable,
  ReservedName,
  ServerExists,
  ServerNotFound,
} from "../errors/index.js";
import type { Logger } from "../log/index.js";
import type { Authorizations } from "../oauth/index.js";
import type { ContainerRuntime } from "../runtime/index.js";
import type { AnyBuiltinModule } from "./builtinModule.js";
import { Builtins } from "./builtins.js";
import { toMcpError } from "./rpcError.js";

export interface FleetOptions {
  state: StateStore;
  secrets: SecretStore;
  runtime: ContainerRuntime;
  log: Logger;
  /**
   * Builds the SDK client for a server's shared connection, with the hub's relay handlers installed
   * (Sessions.sharedClient). `capabilities` replaces what it declares (a built-in is told none: see ADR 0007).
   */
  createClient: (server: string, capabilities?: ClientCapabilities) => Client;
  /** The built-in modules servers of kind "builtin" come from (hubProcess.ts hands over the product's list). */
  builtins?: readonly AnyBuiltinModule[];
  /** The hub's read-only mode, for built-ins. */
  readOnly?: () => boolean;
  /** Extra labels on every container (tests mark theirs). */
  labels?: Record<string, string>;
  supervision?: SupervisionOptions;
  /** OAuth for remote servers (absent: remote servers connect with their header secrets only). */
  authorizations?: Authorizations;
}

export type EngineCheck = { status: "ok" } | { status: "unreachable"; reason: string };

export interface FleetEvents {
  ready: [server: string, client: Client];
  status: [status: ServerStatus];
  removed: [server: string];
}

/** Every downstream server the hub runs: configured ones (from the state file) and discovered containers. */
export class Fleet extends EventEmitter<FleetEvents> {
  private readonly servers = new Map<string, DownstreamServer>();
  private readonly builtins: Builtins;
  /** Instances of built-in servers, closed with the hub (containers, by contrast, outlive it). */
  private readonly builtinHosts = new Map<string, BuiltinHost>();

  constructor(private readonly options: FleetOptions) {
    super();
    this.builtins = new Builtins(options.builtins ?? [], {
      log: options.log,
      readOnly: options.readOnly ?? (() => false),
      secrets: options.secrets,
      runtime: options.runtime,
      labels: options.labels,
    });
    // New tokens bring a waiting server back; an authorization that ended sends it to wait for the user.
    options.authorizations?.on("authorized", (name) => {
      void this.find(name)
        ?.restart()
        .catch((error: unknown) =>
          options.log.warn({ server: name, err: error }, "restart after authorization"),
        );
    });
    options.authorizations?.on("required", (name, reason) => this.find(name)?.requireAuthorization(reason));
  }

  names(): string[] {
    return [...this.servers.keys()].sort();
  }

  get(name: string): DownstreamServer {
    const server = this.servers.get(name);
    if (!server) throw new ServerNotFound(name, this.names());
    return server;
  }

  find(name: string): DownstreamServer | undefined {
    return this.servers.get(name);
  }

  statuses(): ServerStatus[] {
    return this.names().map((name) => this.servers.get(name)!.status());
  }

  /** The server's shared client, or an McpError-shaped RpcError saying why there is none (unknown, not ready). */
  sharedClient(name: string): Client {
    try {
      return this.get(name).client();
    } catch (error) {
      throw toMcpError(error);
    }
  }

  config(name: string): ServerConfig | undefined {
    return this.options.state.current().servers.find((s) => s.name === name);
  }

  /**
   * Re-adopts running containers, removes orphans, starts enabled servers and discovers labelled containers.
   * An unreachable engine does not stop the hub: servers start failing (and retry with backoff), and the caller
   * retries the rest with recover().
   */
  async start(): Promise<EngineCheck> {
    const { state } = this.options;
    await this.builtins.seed(state);
    const engine = await this.prepareEngine();
    const enabled = state.current().servers.filter((s) => s.enabled);
    const launches = await Promise.allSettled(enabled.map((s) => this.launch(s)));
    launches.forEach((result, i) => {
      if (result.status === "rejected")
        this.options.log.error(
          { server: enabled[i]?.name, err: result.reason },
          "server could not be started",
        );
    });
    if (engine.status === "ok") await this.discover();
    return engine;
  }

  /** What start() could not do while the engine was unreachable: networks, orphans, discovery. */
  async recover(): Promise<EngineCheck> {
    const engine = await this.prepareEngine();
    if (engine.status === "ok") await this.discover();
    return engine;
  }

  private async prepareEngine(): Promise<EngineCheck> {
    const { runtime, state } = this.options;
    try {
      await runtime.ensureNetworks();
      const keep = state.current().servers.filter((s) => s.enabled);
      const removed = await runtime.removeOrphans(keep.map((s) => s.name));
      if (removed.length)
        this.options.log.info({ removed }, "removed containers no longer in the configuration");
      return { status: "ok" };
    } catch (error) {
      const reason = `Docker engine unreachable: ${errorMessage(error)}`;
      this.options.log.error({ err: error }, reason);
      return { status: "unreachable", reason };
    }
  }

  /** Containers labelled mcp.server that the hub did not create become servers too (never removed by the hub). */
  async discover(): Promise<string[]> {
    const found: string[] = [];
    for (const workload of await this.options.runtime.list()) {
      if (workload.managed || this.servers.has(workload.server) || workload.state !== "running") continue;
      if (this.config(workload.server)) continue;
      const server = createDiscoveredDownstream({
        workload,
        runtime: this.options.runtime,
        createClient: () => this.options.createClient(workload.server),
        onReady: (client) => this.emit("ready", workload.server, client),
        onStatus: (status) => this.emit("status", status),
        log: this.options.log.child({ mod: "downstream", server: workload.server }),
        supervision: this.options.supervision,
      });
      this.servers.set(workload.server, server);
      found.push(workload.server);
      void server.start();
    }
    return found;
  }

  /**
   * Stores and starts a server. Refused, with nothing stored, for a taken or reserved name, a built-in the module
   * rejects, or an image the engine neither has nor can pull (it would restart forever).
   */
  async add(config: ServerConfig): Promise<void> {
    if (this.builtins.isReserved(config.name)) throw new ReservedName(config.name);
    if (this.servers.has(config.name) || this.config(config.name)) throw new ServerExists(config.name);
    if (config.kind === "builtin") await this.builtins.check(config);
    if (config.kind === "image")
      await this.options.runtime.ensureImage(config.image).catch((error: unknown) => {
        throw new ImageUnavailable(config.image, errorMessage(error));
      });
    await this.options.state.update((s) => {
      s.servers.push(config);
    });
    if (config.enabled) await this.launch(config);
  }

  async remove(name: string): Promise<void> {
    const configured = this.config(name);
    const server = this.servers.get(name);
    if (!configured && !server) throw new ServerNotFound(name, this.names());
    if (configured?.kind === "builtin" && this.builtins.isReserved(name)) throw new NotRemovable(name);
    if (configured)
      await this.options.state.update((s) => {
        s.servers = s.servers.filter((x) => x.name !== name);
      });
    await this.retire(name, { remove: Boolean(configured) });
    if (configured) await this.options.authorizations?.forget(configured);
  }

  async setEnabled(name: string, enabled: boolean): Promise<void> {
    const configured = this.config(name);
    if (!configured) throw new ServerNotFound(name, this.names());
    await this.options.state.update((s) => {
      for (const x of s.servers) if (x.name === name) x.enabled = enabled;
    });
    if (enabled && !this.servers.has(name)) await this.launch({ ...configured, enabled });
    if (!enabled) await this.retire(name, { remove: true });
  }

  async restart(name: string): Promise<void> {
    await this.get(name).restart();
  }

  /** Where a configured remote server's OAuth authorization stands; undefined for servers without OAuth. */
  authorization(name: string): AuthorizationView | undefined {
    const config = this.config(name);
    return config && this.options.authorizations?.view(config);
  }

  /** An authorization page for the user's browser (the server connects once the callback brings tokens). */
  authorize(name: string): Promise<AuthorizationStart> {
    return this.authorizations().start(this.configured(name));
  }

  /** Revokes and forgets the server's tokens; it waits in "needs-authorization" until authorized again. */
  revokeAuthorization(name: string): Promise<void> {
    return this.authorizations().revoke(this.configured(name));
  }

  private configured(name: string): ServerConfig {
    const config = this.config(name);
    if (!config) throw new ServerNotFound(name, this.names());
    return config;
  }

  private authorizations(): Authorizations {
    if (!this.options.authorizations)
      throw new BadRequest("this hub does not authorize remote servers with OAuth");
    return this.options.authorizations;
  }

  async stopAll(): Promise<void> {
    // Containers keep running: a restarted hub re-adopts them.
    await Promise.all([...this.servers.values()].map((s) => s.stop({ remove: false })));
    this.servers.clear();
    await Promise.all([...this.builtinHosts.values()].map((host) => host.close()));
  }

  private async launch(config: ServerConfig): Promise<void> {
    const secretNames =
      config.kind === "image"
        ? [...config.secrets, ...Object.values(config.secretEnv)]
        : config.kind === "remote"
          ? Object.values(config.headerSecrets)
          : [];
    let builtin: BuiltinHost | undefined;
    if (config.kind === "builtin") this.builtinHosts.set(config.name, (builtin = this.builtins.host(config)));
    const server = createDownstream({
      config,
      builtin,
      runtime: this.options.runtime,
      secrets: await this.options.secrets.get(secretNames),
      authProvider: this.options.authorizations?.providerFor(config),
      // A built-in's shared connection serves clients that answer no server requests (ADR 0007).
      createClient: () => this.options.createClient(config.name, builtin ? {} : undefined),
      onReady: (client) => this.emit("ready", config.name, client),
      onStatus: (status) => this.emit("status", status),
      log: this.options.log.child({ mod: "downstream", server: config.name }),
      labels: this.options.labels,
      supervision: this.options.supervision,
    });
    this.servers.set(config.name, server);
    await server.start();
  }

  private async retire(name: string, options: { remove: boolean }): Promise<void> {
    const server = this.servers.get(name);
    if (!server) return;
    this.servers.delete(name);
    await server.stop(options);
    await this.builtinHosts.get(name)?.close();
    this.builtinHosts.delete(name);
    this.emit("removed", name);
  }
}

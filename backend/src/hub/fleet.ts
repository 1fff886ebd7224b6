import { EventEmitter } from "node:events";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { SecretStore, ServerConfig, StateStore } from "../config/index.js";
import {
  createDiscoveredDownstream,
  createDownstream,
  type DownstreamServer,
  type ServerStatus,
  type SupervisionOptions,
} from "../downstream/index.js";
import { DownstreamUnavailable, ServerExists, ServerNotFound } from "../errors/index.js";
import type { Logger } from "../log/index.js";
import type { ContainerRuntime } from "../runtime/index.js";

export interface FleetOptions {
  state: StateStore;
  secrets: SecretStore;
  runtime: ContainerRuntime;
  log: Logger;
  /** Builds the SDK client for a server, with the hub's relay handlers installed. */
  createClient: (server: string) => Client;
  /** Extra labels on every container (tests mark theirs). */
  labels?: Record<string, string>;
  supervision?: SupervisionOptions;
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

  constructor(private readonly options: FleetOptions) {
    super();
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
      const reason = `Docker engine unreachable: ${error instanceof Error ? error.message : String(error)}`;
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

  async add(config: ServerConfig): Promise<void> {
    if (this.servers.has(config.name) || this.config(config.name)) throw new ServerExists(config.name);
    await this.options.state.update((s) => {
      s.servers.push(config);
    });
    if (config.enabled) await this.launch(config);
  }

  async remove(name: string): Promise<void> {
    const configured = this.config(name);
    const server = this.servers.get(name);
    if (!configured && !server) throw new ServerNotFound(name, this.names());
    if (configured)
      await this.options.state.update((s) => {
        s.servers = s.servers.filter((x) => x.name !== name);
      });
    await this.retire(name, { remove: Boolean(configured) });
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

  async stopAll(): Promise<void> {
    // Containers keep running: a restarted hub re-adopts them.
    await Promise.all([...this.servers.values()].map((s) => s.stop({ remove: false })));
    this.servers.clear();
  }

  private async launch(config: ServerConfig): Promise<void> {
    if (config.kind === "builtin")
      throw new DownstreamUnavailable(config.name, "builtin servers are not hosted by this hub yet");
    const secretNames = config.kind === "image" ? config.secrets : Object.values(config.headerSecrets);
    const server = createDownstream({
      config,
      runtime: this.options.runtime,
      secrets: await this.options.secrets.get(secretNames),
      createClient: () => this.options.createClient(config.name),
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
    this.emit("removed", name);
  }
}

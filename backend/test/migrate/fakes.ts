/**
 * What a run's unit tests put in place of the engine: packaging (builds need Docker and a registry) and the hub's
 * view of its servers (an image server needs a container to become ready). The migration's own state — store,
 * secrets, client files, ledger — is real, on a temporary disk.
 */
import { EventEmitter } from "node:events";
import type { PlannedServer, ServerConfig, ServerStatus, ServerView, ToolView } from "@mcp-hub/contracts";
import type { HubControl, HubListener } from "../../src/hub/index.js";
import type { Packager } from "../../src/packaging/index.js";

/** A packager that records what it was asked, fails where told, and reuses an image it already made. */
export class FakePackager implements Packager {
  calls: string[] = [];
  images = new Set<string>();
  /** Server name → the error its build throws. */
  failBuild = new Map<string, Error>();
  failHandshake = new Map<string, Error>();
  /** Server name → a promise the handshake waits for (a step in progress when the hub stops). */
  holdHandshake = new Map<string, Promise<void>>();
  /** The secrets each handshake got (server name → ENV → value). */
  handshakeSecrets = new Map<string, Record<string, string>>();
  tools: Record<string, string[]> = {};
  /** Server name → the script folder (a tar stream) its build got. */
  scriptContexts = new Map<string, Buffer>();

  async build(
    server: PlannedServer,
    options: { onLog(line: string): void; signal: AbortSignal; scriptContext?: Buffer },
  ) {
    this.calls.push(`build ${server.name}`);
    if (options.scriptContext) this.scriptContexts.set(server.name, options.scriptContext);
    options.onLog(`Step 1/4 : FROM base for ${server.source}`);
    const failure = this.failBuild.get(server.name);
    if (failure) throw failure;
    const image = server.image!;
    const reused = this.images.has(image);
    this.images.add(image);
    return { image, reused };
  }

  async handshake(server: PlannedServer, options: { secrets: Record<string, string> }) {
    this.calls.push(`handshake ${server.name}`);
    await this.holdHandshake.get(server.name);
    this.handshakeSecrets.set(server.name, options.secrets);
    const failure = this.failHandshake.get(server.name);
    if (failure) throw failure;
    return { tools: this.tools[server.name] ?? ["do"] };
  }

  async removeImage(server: PlannedServer) {
    this.calls.push(`removeImage ${server.name}`);
    this.images.delete(server.image!);
  }
}

/** The hub as HubControl shows it: servers added become ready with their tools, unless told otherwise. */
export class FakeHub {
  readonly configs = new Map<string, ServerConfig>();
  readonly calls: string[] = [];
  /** Server name → what add throws (the engine's refusal). */
  failAdd = new Map<string, Error>();
  /** Servers that start but never become ready. */
  neverReady = new Set<string>();
  tools: Record<string, string[]> = {};
  private readonly events = new EventEmitter();

  constructor(existing: ServerConfig[] = []) {
    for (const config of existing) this.configs.set(config.name, config);
  }

  private status(name: string): ServerStatus {
    const config = this.configs.get(name)!;
    // As the hub has it: a remote server behind OAuth waits for the user's first authorization.
    const waits = config.kind === "remote" && config.oauth !== undefined;
    return {
      name,
      kind: config.kind,
      transport: "stdio",
      state: this.neverReady.has(name) ? "failed" : waits ? "needs-authorization" : "ready",
      since: new Date(0).toISOString(),
      restarts: 0,
      breaker: "closed",
      ...(this.neverReady.has(name) ? { lastError: "exited with code 1" } : {}),
    };
  }

  private view(name: string): ServerView {
    const tools = this.tools[name] ?? ["do"];
    return {
      ...this.status(name),
      enabled: true,
      config: this.configs.get(name)!,
      counts: { tools: tools.length, prompts: 0, resources: 0, resourceTemplates: 0 },
    };
  }

  readonly control = {
    servers: () => [...this.configs.keys()].map((name) => this.view(name)),
    server: (name: string) => {
      if (!this.configs.has(name)) throw new Error(`no server named "${name}"`);
      return this.view(name);
    },
    tools: (name: string): ToolView[] =>
      (this.tools[name] ?? ["do"]).map((tool) => ({
        name: tool,
        namespacedName: `${name}__${tool}`,
        inputSchema: { type: "object" },
      })) as ToolView[],
    add: async (config: ServerConfig) => {
      this.calls.push(`add ${config.name}`);
      const failure = this.failAdd.get(config.name);
      if (failure) throw failure;
      this.configs.set(config.name, config);
      this.events.emit("status", this.status(config.name));
      return this.view(config.name);
    },
    remove: async (name: string) => {
      this.calls.push(`remove ${name}`);
      this.configs.delete(name);
    },
    ping: async (name: string) => {
      this.calls.push(`ping ${name}`);
    },
    subscribe: (listener: HubListener) => {
      this.events.on("status", listener.status);
      return () => this.events.off("status", listener.status);
    },
  } as unknown as HubControl;
}

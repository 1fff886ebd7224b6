import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import {
  builtinServerSchema,
  type BuiltinServerConfig,
  type SecretStore,
  type StateStore,
} from "../config/index.js";
import { toWorkloadSpec, type BuiltinHost } from "../downstream/index.js";
import { BadRequest, errorMessage, ImageUnavailable } from "../errors/index.js";
import type { Logger } from "../log/index.js";
import type { ContainerRuntime } from "../runtime/index.js";
import type {
  AnyBuiltinModule,
  BuiltinContext,
  BuiltinInstance,
  ContainerRequest,
  ContainerSeam,
} from "./builtinModule.js";

export interface BuiltinsDeps {
  log: Logger;
  readOnly: () => boolean;
  secrets: SecretStore;
  runtime: ContainerRuntime;
  /** Extra labels on every container (tests mark theirs). */
  labels?: Record<string, string>;
}

/**
 * The built-in modules the composition root handed over: which names they reserve, their seeds in the state file,
 * the check of a built-in server's config, and the host that starts an instance and opens sessions with it.
 */
export class Builtins {
  private readonly modules = new Map<string, AnyBuiltinModule>();
  private readonly reserved = new Set<string>();

  constructor(
    modules: readonly AnyBuiltinModule[],
    private readonly deps: BuiltinsDeps,
  ) {
    for (const module of modules) {
      this.modules.set(module.id, module);
      for (const seed of module.seeds ?? []) this.reserved.add(seed.name);
    }
  }

  isReserved(name: string): boolean {
    return this.reserved.has(name);
  }

  /** Adds every seed the state file lacks; a server that took a reserved name before it was reserved keeps it. */
  async seed(state: StateStore): Promise<void> {
    const missing = [...this.modules.values()].flatMap((module) =>
      (module.seeds ?? [])
        .filter((seed) => !state.current().servers.some((s) => s.name === seed.name))
        .map((seed) => builtinServerSchema.parse({ ...seed, kind: "builtin", module: module.id })),
    );
    for (const taken of state.current().servers)
      if (this.reserved.has(taken.name) && taken.kind !== "builtin")
        this.deps.log.warn(
          { server: taken.name },
          "a server holds the name of a built-in server, which is therefore not added",
        );
    if (missing.length)
      await state.update((draft) => {
        draft.servers.push(...missing);
      });
  }

  /**
   * Refuses an unknown module, options the module's schema rejects (the message names the field), or what the
   * module's own check refuses.
   */
  async check(config: BuiltinServerConfig): Promise<void> {
    const context = this.contextFor(config);
    await this.module(config).check?.(context);
  }

  host(config: BuiltinServerConfig): BuiltinHost {
    let instance: Promise<BuiltinInstance> | undefined;
    const start = () => {
      const starting = (instance ??= Promise.resolve()
        .then(() => this.module(config).start(this.contextFor(config)))
        .catch((error: unknown) => {
          instance = undefined; // the next attempt starts afresh
          throw error;
        }));
      // A stopped container ends its instance: the supervisor's next attempt starts a new one (and a new container).
      void starting.then(
        (started) => {
          const over = () => {
            if (instance !== starting) return;
            instance = undefined;
            void started.close?.().catch(() => undefined);
          };
          started.container?.exited.then(over, over);
        },
        () => undefined,
      );
      return starting;
    };
    return {
      async open() {
        const started = await start();
        const server = started.createServer();
        const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
        await server.connect(serverSide);
        return { transport: clientSide, container: started.container };
      },
      async close() {
        const running = instance;
        instance = undefined;
        await (await running?.catch(() => undefined))?.close?.();
      },
    };
  }

  private contextFor(config: BuiltinServerConfig): BuiltinContext<unknown> {
    const secrets = (names: readonly string[]) => this.secretValues(names);
    return {
      name: config.name,
      options: this.optionsOf(config),
      log: this.deps.log.child({ mod: "builtin", server: config.name }),
      readOnly: this.deps.readOnly,
      secrets,
      container: this.containerSeam(config),
    };
  }

  /** The secrets' values; the store refuses, naming them, any that is not set. */
  private secretValues(names: readonly string[]): Promise<Record<string, string>> {
    return this.deps.secrets.get([...names]);
  }

  /** The server's container as an image server's with an HTTP port: same spec, hardening, labels and adoption. */
  private containerSeam(config: BuiltinServerConfig): ContainerSeam {
    const { runtime } = this.deps;
    return {
      async ensureImage(image) {
        await runtime.ensureImage(image).catch((error: unknown) => {
          throw new ImageUnavailable(image, errorMessage(error));
        });
      },
      run: async (request: ContainerRequest) => {
        const spec = toWorkloadSpec(
          {
            kind: "image",
            name: config.name,
            enabled: true,
            risk: config.risk,
            audit: config.audit,
            image: request.image,
            transport: "http",
            port: request.port,
            path: "/",
            command: request.command,
            env: request.env,
            secrets: request.secrets,
            secretEnv: {},
            mounts: [],
            egress: request.egress,
            resources: request.resources,
            user: request.user,
          },
          await this.secretValues(request.secrets),
          this.deps.labels,
        );
        const { status, workload } = await runtime.deploy(spec);
        if (!workload.address)
          throw new Error(`its container ${workload.name} has no IP address on the hub's networks`);
        return {
          id: workload.id,
          url: `http://${workload.address}:${request.port}`,
          status,
          exited: runtime.waitExit(workload.id),
        };
      },
    };
  }

  private module(config: BuiltinServerConfig): AnyBuiltinModule {
    const module = this.modules.get(config.module);
    if (!module)
      throw new BadRequest(
        `no built-in module "${config.module}"; modules: ${[...this.modules.keys()].join(", ") || "(none)"}`,
      );
    return module;
  }

  private optionsOf(config: BuiltinServerConfig): unknown {
    const parsed = this.module(config).options.safeParse(config.options);
    if (parsed.success) return parsed.data;
    const issues = parsed.error.issues.map((i) => `options.${i.path.join(".") || "(root)"}: ${i.message}`);
    throw new BadRequest(`built-in server "${config.name}": ${issues.join("; ")}`);
  }
}

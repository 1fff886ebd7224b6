import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { builtinServerSchema, type BuiltinServerConfig, type StateStore } from "../config/index.js";
import type { BuiltinHost } from "../downstream/index.js";
import { BadRequest } from "../errors/index.js";
import type { Logger } from "../log/index.js";
import type { AnyBuiltinModule, BuiltinInstance } from "./builtinModule.js";

/**
 * The built-in modules the composition root handed over: which names they reserve, their seeds in the state file,
 * the check of a built-in server's config, and the host that starts an instance and opens sessions with it.
 */
export class Builtins {
  private readonly modules = new Map<string, AnyBuiltinModule>();
  private readonly reserved = new Set<string>();

  constructor(
    modules: readonly AnyBuiltinModule[],
    private readonly deps: { log: Logger; readOnly: () => boolean },
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

  /** Refuses an unknown module, or options the module's schema rejects (the message names the field). */
  check(config: BuiltinServerConfig): void {
    this.optionsOf(config);
  }

  host(config: BuiltinServerConfig): BuiltinHost {
    let instance: Promise<BuiltinInstance> | undefined;
    const start = () =>
      (instance ??= Promise.resolve()
        .then(() =>
          this.module(config).start({
            name: config.name,
            options: this.optionsOf(config),
            log: this.deps.log.child({ mod: "builtin", server: config.name }),
            readOnly: this.deps.readOnly,
          }),
        )
        .catch((error: unknown) => {
          instance = undefined; // the next attempt starts afresh
          throw error;
        }));
    return {
      async open() {
        const server = (await start()).createServer();
        const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
        await server.connect(serverSide);
        return clientSide;
      },
      async close() {
        const running = instance;
        instance = undefined;
        await (await running?.catch(() => undefined))?.close?.();
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

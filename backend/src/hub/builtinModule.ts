import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import type { z } from "zod";
import type { ResourceLimits, RiskLevel } from "../config/index.js";
import type { Logger } from "../log/index.js";

/**
 * The contract a built-in module implements (ADR 0007). A module lives in `backend/src/builtin/<id>/`, imports the
 * hub only through `hub/index.ts`, and is handed to the hub by the composition root; the hub never imports it.
 */
export interface BuiltinModule<Options = unknown> {
  /** What a server config names in `module` (a server name's characters), e.g. "registry". */
  readonly id: string;
  /** One line for people: what the module's servers do. */
  readonly description: string;
  /** Checks an instance's `options` and fills their defaults; its messages are shown when they are wrong. */
  readonly options: z.ZodType<Options>;
  /**
   * Servers written into the state file on first start. Their names are reserved: no other server may take
   * them, and they can be disabled but not removed.
   */
  readonly seeds?: readonly BuiltinSeed[];
  /**
   * Starts one instance: what it keeps across sessions (clients, caches). Throwing fails the server with that
   * message, and the hub retries with backoff as for any server.
   */
  start(context: BuiltinContext<Options>): BuiltinInstance | Promise<BuiltinInstance>;
  /**
   * Checks a server the user adds, before it is stored (an agent's card the hub cannot use, say): throwing refuses
   * it, with nothing stored, and the message is what the user sees.
   */
  check?(context: BuiltinContext<Options>): Promise<void>;
}

export interface BuiltinSeed {
  name: string;
  enabled: boolean;
  risk: RiskLevel;
  description?: string;
  options?: Record<string, unknown>;
  /** Per-call timeout of the server, for modules whose calls take minutes (progress resets it when asked for). */
  callTimeoutMs?: number;
}

export interface BuiltinContext<Options> {
  /** The server's name: its tools are `<name>__<tool>` on /mcp. */
  name: string;
  options: Options;
  log: Logger;
  /** The hub's read-only mode, as it is now (it can change while the instance runs). */
  readOnly(): boolean;
  /** The values of these secrets (the secrets file); throws naming any that is not set. */
  secrets(names: readonly string[]): Promise<Record<string, string>>;
  /** The server's own container, which the hub runs as it runs an image server's. */
  container: ContainerSeam;
}

/** An HTTP server in a container, as a module asks for one: the fields of an image server it needs. */
export interface ContainerRequest {
  image: string;
  /** The container port the server listens on. */
  port: number;
  command?: string[];
  env: Record<string, string>;
  /** Names of secrets injected as environment variables of the same name. */
  secrets: string[];
  egress: boolean;
  resources: ResourceLimits;
  user?: string;
}

/** A module's container as it runs: reached at `url` on the hub's networks. */
export interface ServerContainer {
  id: string;
  /** http://<address>:<port> */
  url: string;
  status: "created" | "adopted";
  /** Settles when the container stops. */
  exited: Promise<number>;
}

/**
 * The hub's container machinery for a module (ADR 0040): the server's container is hardened by its risk level, put
 * on the hub's internal network (the public one with egress), labelled, and adopted after a hub restart when its
 * spec is unchanged — exactly as an image server's.
 */
export interface ContainerSeam {
  /** Makes the image available (present, or pulled now); throws saying why it cannot be. */
  ensureImage(image: string): Promise<void>;
  /** Deploys the server's container, or adopts the running one with the same spec. */
  run(request: ContainerRequest): Promise<ServerContainer>;
}

/** The SDK's MCP server objects (McpServer, or the low-level Server) as a built-in hands them out. */
export interface SessionServer {
  connect(transport: Transport): Promise<void>;
  close(): Promise<void>;
}

export interface BuiltinInstance {
  /**
   * A fresh MCP server for one downstream session: the hub's shared one, or one client's own (ADR 0003). The
   * client capabilities it sees are those of the clients on that session, so it may ask only those that can answer.
   */
  createServer(): SessionServer;
  /** Ends the instance; a container it runs in front of keeps running (a restarted hub adopts it). */
  close?(): Promise<void>;
  /**
   * The container this instance fronts (context.container.run): its output joins the server's log, and its exit
   * fails the server, which the supervisor restarts with backoff (a new instance, a new container).
   */
  container?: ServerContainer;
}

/** A module of any options type, as the hub holds them in one list. */
export type AnyBuiltinModule = BuiltinModule<unknown>;

/** Checks a module against the contract with its own options type, and erases that type for the module list. */
export function defineBuiltin<Options>(module: BuiltinModule<Options>): AnyBuiltinModule {
  return module as unknown as AnyBuiltinModule;
}

import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import type { z } from "zod";
import type { RiskLevel } from "../config/index.js";
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
  close?(): Promise<void>;
}

/** A module of any options type, as the hub holds them in one list. */
export type AnyBuiltinModule = BuiltinModule<unknown>;

/** Checks a module against the contract with its own options type, and erases that type for the module list. */
export function defineBuiltin<Options>(module: BuiltinModule<Options>): AnyBuiltinModule {
  return module as unknown as AnyBuiltinModule;
}

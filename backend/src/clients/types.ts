/** Shared types of the client config writers: one ClientDefinition per client app (see definitions/). */

import type { ClientId, ClientScope, ClientTransport, Platform } from "@mcp-hub/contracts";

export { CLIENT_IDS, type ClientId, type Platform } from "@mcp-hub/contracts";

/**
 * Where the client lives. Path logic reads only this, never process.env or os.homedir(), so tests run every OS layout
 * on Linux and the host-binary container can describe the user's real machine.
 */
export interface EnvContext {
  platform: Platform;
  /** The user's home directory, in the platform's own path style. */
  home: string;
  env: Readonly<Record<string, string | undefined>>;
  /**
   * Maps a path as the client sees it (e.g. `C:\Users\me\AppData\...`) to one this process can open. Identity by
   * default; a bind-mount prefix when we run in a container on the user's behalf, or a temp dir in tests.
   */
  toLocalPath?: (clientPath: string) => string;
}

export type Scope = ClientScope;
export type Transport = ClientTransport;

/** Everything that shapes the hub entry we write. All configurable; defaults in entries.ts. */
export interface HubEntryOptions {
  /** Key of our entry in the client's server map. */
  entryName: string;
  bridgeImage: string;
  network: string;
  /** Volume holding the hub token; mounted read-only so the bridge authenticates without a secret in the client file. */
  dataVolume: string;
  /** `docker` or an absolute path, for clients that start servers without PATH. */
  dockerCommand: string;
  /** Streamable HTTP endpoint of the hub, as the client's machine reaches it. */
  hubUrl: string;
  /** Environment variable holding the hub token, for clients that expand env references in headers. */
  tokenEnvVar: string;
  /** VS Code `inputs` id that prompts for the token and keeps it in VS Code's secret storage. */
  tokenInputId: string;
}

/** A JSON value as read from or written to a client config file. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** One place a client may keep its config; the first candidate whose marker exists wins. */
export interface ConfigCandidate {
  file: string;
  /** Directories (or files) whose existence means this install is present. */
  markers: string[];
  /** Used only when a marker exists, never as the default for a client that is not installed yet. */
  onlyIfPresent?: boolean;
}

/** What a client needs beside its server entry (VS Code: the `inputs` prompt the header refers to). */
export interface CompanionInput {
  id: string;
  value: JsonObject;
}

export interface EntryContext {
  options: HubEntryOptions;
  env: EnvContext;
  scope: Scope;
}

export interface ClientDefinition {
  id: ClientId;
  displayName: string;
  /** JSON path of the object that maps server names to entries. */
  serversPath: readonly string[];
  /** Scopes this client has a config file for. */
  scopes: readonly Scope[];
  /** Transports we offer; HTTP only where the client can keep the token out of the file. */
  transports: readonly Transport[];
  /** User-scope candidates in priority order. */
  userConfig(env: EnvContext): ConfigCandidate[];
  /** Project-scope file inside projectDir. */
  projectConfig?(projectDir: string, env: EnvContext): string;
  /** The entry for a transport (only called with one of `transports`). */
  entry(transport: Transport, ctx: EntryContext): JsonObject;
  /** Extra top-level `inputs` element the HTTP entry refers to. */
  companionInput?(ctx: EntryContext): CompanionInput;
  /** What the user must do for the change to take effect. */
  afterChange: string;
}

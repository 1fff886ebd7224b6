import { EventEmitter } from "node:events";
import type { OAuthClientProvider } from "@modelcontextprotocol/sdk/client/auth.js";
import type { FetchLike } from "@modelcontextprotocol/sdk/shared/transport.js";
import type { AuthorizationStart, AuthorizationView } from "@mcp-hub/contracts";
import type { RemoteServerConfig, SecretStore, ServerConfig } from "../config/index.js";
import { BadRequest, errorMessage } from "../errors/index.js";
import type { Logger } from "../log/index.js";
import type { AuthorizationStore } from "./authorizationStore.js";
import { PendingFlows } from "./pendingFlows.js";
import { ServerAuthorization, type CallbackParams } from "./serverAuthorization.js";

export const CALLBACK_PATH = "/oauth/callback";

/** The hub's redirect URI: loopback only, on the port the user's browser reaches the hub at. */
export const redirectUriFor = (publicPort: number) => `http://127.0.0.1:${publicPort}${CALLBACK_PATH}`;

export interface AuthorizationsOptions {
  store: AuthorizationStore;
  secrets: SecretStore;
  /** The port the user's browser reaches the hub at (HUB_PUBLIC_PORT, else the one it listens on). */
  publicPort: () => number;
  version: string;
  log: Logger;
  /** Tests reach authorization servers through their own fetch. */
  fetch?: FetchLike;
}

/** What a callback came to: the server authorized, or a refusal that changed nothing, or a failed exchange. */
export type CallbackOutcome =
  | { outcome: "authorized"; server: string }
  | { outcome: "refused"; reason: string }
  | { outcome: "failed"; server: string; reason: string };

export interface AuthorizationsEvents {
  /** New tokens: the server can connect again. */
  authorized: [server: string];
  /** The user must authorize (again); `reason` says why. */
  required: [server: string, reason: string];
}

/** A remote server the hub authorizes with OAuth: any that does not send its own Authorization header. */
export function usesOAuth(config: ServerConfig): boolean {
  return (
    config.kind === "remote" &&
    !Object.keys(config.headerSecrets).some((header) => header.toLowerCase() === "authorization")
  );
}

/**
 * The OAuth authorizations of every remote server: the providers their transports use, the authorization pages
 * handed out and the callbacks that complete them, revocation, and each server's view for the REST API.
 */
export class Authorizations extends EventEmitter<AuthorizationsEvents> {
  private readonly flows = new PendingFlows();
  private readonly servers = new Map<string, ServerAuthorization>();

  constructor(private readonly options: AuthorizationsOptions) {
    super();
  }

  /** Read when a server's authorization is first used, which is after the hub listens (its port may be 0 till then). */
  get redirectUri(): string {
    return redirectUriFor(this.options.publicPort());
  }

  /** Reads the kept authorizations (an invalid file stops start-up, left untouched). */
  load(): Promise<void> {
    return this.options.store.load();
  }

  /** The provider a remote server's transports authenticate with; undefined when it sends its own credentials. */
  providerFor(config: ServerConfig): OAuthClientProvider | undefined {
    return config.kind === "remote" && usesOAuth(config) ? this.of(config).provider : undefined;
  }

  view(config: ServerConfig): AuthorizationView | undefined {
    return config.kind === "remote" && usesOAuth(config) ? this.of(config).view() : undefined;
  }

  /** An authorization page for the user's browser; refused for a server that is not remote or sends its own. */
  async start(config: ServerConfig): Promise<AuthorizationStart> {
    return this.oauthOf(config).start();
  }

  async revoke(config: ServerConfig): Promise<void> {
    return this.oauthOf(config).revoke();
  }

  /** The server is gone: its tokens are revoked where possible and forgotten. */
  async forget(config: ServerConfig): Promise<void> {
    if (config.kind !== "remote") return;
    const server = this.of(config);
    this.servers.delete(config.name);
    await server.forget();
  }

  /**
   * GET /oauth/callback. The state is taken first, so a replay or a forgery finds nothing and nothing changes; a
   * known state ends its page whatever happens next.
   */
  async callback(state: string | undefined, params: CallbackParams): Promise<CallbackOutcome> {
    const flow = this.flows.take(state);
    if (!flow)
      return {
        outcome: "refused",
        reason: "this authorization link is unknown, already used or expired; start again from the hub",
      };
    const server = this.servers.get(flow.server);
    if (!server)
      return { outcome: "failed", server: flow.server, reason: "the server was removed meanwhile" };
    try {
      await server.complete(flow, params);
      return { outcome: "authorized", server: flow.server };
    } catch (error) {
      return { outcome: "failed", server: flow.server, reason: errorMessage(error) };
    }
  }

  close(): void {
    for (const server of this.servers.values()) server.close();
  }

  private oauthOf(config: ServerConfig): ServerAuthorization {
    if (config.kind !== "remote")
      throw new BadRequest(`"${config.name}" is not a remote server: only remote servers use OAuth`);
    if (!usesOAuth(config))
      throw new BadRequest(
        `"${config.name}" sends its own Authorization header (headerSecrets); remove it to authorize with OAuth`,
      );
    return this.of(config);
  }

  /** One ServerAuthorization per server, made again when the server's URL changed (re-added elsewhere). */
  private of(config: RemoteServerConfig): ServerAuthorization {
    const known = this.servers.get(config.name);
    if (known?.url === config.url) return known;
    known?.close();
    const server = new ServerAuthorization({
      config,
      store: this.options.store,
      flows: this.flows,
      secrets: this.options.secrets,
      redirectUri: this.redirectUri,
      version: this.options.version,
      log: this.options.log.child({ server: config.name }),
      fetch: this.options.fetch,
      onChange: (change) =>
        change.status === "authorized"
          ? this.emit("authorized", config.name)
          : this.emit("required", config.name, change.reason),
    });
    this.servers.set(config.name, server);
    return server;
  }
}

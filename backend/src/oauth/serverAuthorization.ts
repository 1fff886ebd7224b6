import type { OAuthClientProvider, OAuthDiscoveryState } from "@modelcontextprotocol/sdk/client/auth.js";
import type { OAuthClientInformationMixed, OAuthTokens } from "@modelcontextprotocol/sdk/shared/auth.js";
import type { FetchLike } from "@modelcontextprotocol/sdk/shared/transport.js";
import type { AuthorizationStart, AuthorizationView } from "@mcp-hub/contracts";
import { backoffDelay } from "../backoff/index.js";
import type { RemoteServerConfig, SecretStore } from "../config/index.js";
import {
  AuthorizationFailed,
  AuthorizationRequired,
  DownstreamUnavailable,
  errorMessage,
  HubError,
} from "../errors/index.js";
import type { Logger } from "../log/index.js";
import type { AuthorizationRecord, AuthorizationStore } from "./authorizationStore.js";
import { flowProvider } from "./flowProvider.js";
import type { PendingFlow, PendingFlows } from "./pendingFlows.js";
import { revokeGrant } from "./revocation.js";
import { probeChallenge } from "./challenge.js";
import { issuersMatch } from "./issuer.js";
import { loadOAuthErrors, loadSdk } from "./sdk.js";
import { authorizationView } from "./authorizationView.js";
import { expiryOf, renewalDueAt, toIso } from "./tokenLifetime.js";

/** A server that refuses a token the hub just renewed is refusing this authorization, not an old token. */
const REJECTION_MEMORY_MS = 5 * 60_000;
const RETRY = { initialMs: 1_000, maxMs: 60_000 }; // renewing while the authorization server is unreachable

/** What the callback brought back to the hub (the query of /oauth/callback). */
export interface CallbackParams {
  code?: string;
  error?: string;
  errorDescription?: string;
  /** RFC 9207: the issuer that answered, checked against the one the page was made for. */
  iss?: string;
}

export type AuthorizationChange = { status: "authorized" } | { status: "required"; reason: string };

export interface ServerAuthorizationOptions {
  config: RemoteServerConfig;
  store: AuthorizationStore;
  flows: PendingFlows;
  secrets: SecretStore;
  redirectUri: string;
  version: string;
  log: Logger;
  onChange: (change: AuthorizationChange) => void;
  fetch?: FetchLike;
  now?: () => number;
}

/**
 * One remote server's OAuth authorization: the SDK's `auth()` runs the flow (discovery, registration, PKCE, the
 * code exchange) through the providers made here, and this class keeps the outcome, renews the access token before
 * it expires and says when the user must act. Transports get a provider that only hands out the current access
 * token: renewing is the hub's alone (once, however many connections ask), since a provider that rotates refresh
 * tokens revokes the whole grant when one is used twice.
 */
export class ServerAuthorization {
  readonly provider: OAuthClientProvider;
  private renewing: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private failedRenewals = 0;
  /** The server asked for authorization and the hub holds nothing it accepts. */
  private required = false;
  private rejectedAt: number | undefined;
  private closed = false;

  constructor(private readonly options: ServerAuthorizationOptions) {
    const stored = options.store.get(this.name);
    // The same name for another server: what was kept belongs to the old one.
    if (stored && stored.url !== options.config.url) this.background(options.store.set(this.name, undefined));
    this.provider = this.transportProvider();
    this.schedule();
  }

  get name(): string {
    return this.options.config.name;
  }

  get url(): string {
    return this.options.config.url;
  }

  private get now(): number {
    return (this.options.now ?? Date.now)();
  }

  private record(): AuthorizationRecord {
    return this.options.store.get(this.name) ?? { url: this.options.config.url };
  }

  private save(patch: Partial<AuthorizationRecord>): Promise<void> {
    return this.options.store.set(this.name, { ...this.record(), ...patch });
  }

  view(): AuthorizationView {
    return authorizationView(this.record(), this.options.config, {
      required: this.required,
      redirectUri: this.options.redirectUri,
      pendingUntil: this.options.flows.pendingUntil(this.name),
    });
  }

  /**
   * Makes an authorization page for the user: discovery, then registration when the hub has no client there, then
   * the URL with PKCE (S256), `state` and the resource. Nothing the user holds changes until the callback.
   */
  async start(): Promise<AuthorizationStart> {
    const sdk = await loadSdk();
    const flow = this.options.flows.create(this.name);
    let page: URL | undefined;
    try {
      const challenge = await probeChallenge(this.options.config.url, this.options.fetch);
      const result = await sdk.auth(
        flowProvider(this.flowHost(), flow, { mode: "start", onPage: (url) => (page = url) }),
        {
          serverUrl: this.options.config.url,
          scope: this.options.config.oauth?.scopes?.join(" ") ?? challenge.scope,
          resourceMetadataUrl: challenge.resourceMetadataUrl,
          fetchFn: this.options.fetch,
        },
      );
      if (result !== "REDIRECT" || !page)
        throw new Error("the authorization server gave no authorization page");
    } catch (error) {
      this.options.flows.drop(flow);
      throw await this.failure(`could not start authorizing "${this.name}"`, error);
    }
    const view = this.view();
    flow.issuer = view.authorizationServer;
    this.options.log.info({ authorizationServer: flow.issuer }, "authorization page handed out");
    return {
      server: this.name,
      authorizationUrl: page.href,
      authorizationServer: flow.issuer ?? new URL(page).origin,
      scopes: page.searchParams.get("scope")?.split(" ").filter(Boolean) ?? [],
      redirectUri: this.options.redirectUri,
      expiresAt: toIso(flow.expiresAt) as string,
    };
  }

  /** The callback of a page this server handed out (its state already taken): the code becomes tokens. */
  async complete(flow: PendingFlow, callback: CallbackParams): Promise<void> {
    if (callback.error) {
      const why = callback.errorDescription ? `: ${callback.errorDescription}` : "";
      throw await this.failure(
        "the authorization server did not authorize the hub",
        `${callback.error}${why}`,
      );
    }
    if (!callback.code) throw await this.failure("the callback carried no authorization code", "no code");
    if (callback.iss && flow.issuer && !issuersMatch(callback.iss, flow.issuer))
      throw await this.failure("the callback came from another authorization server", `iss ${callback.iss}`);
    const sdk = await loadSdk();
    try {
      const result = await sdk.auth(flowProvider(this.flowHost(), flow, { mode: "finish" }), {
        serverUrl: this.options.config.url,
        authorizationCode: callback.code,
        fetchFn: this.options.fetch,
      });
      if (result !== "AUTHORIZED") throw new Error("the code was not exchanged for tokens");
    } catch (error) {
      throw await this.failure("exchanging the authorization code failed", error);
    }
    this.rejectedAt = undefined;
    this.options.log.info("authorized");
    this.options.onChange({ status: "authorized" });
  }

  /** `mcp-hub server auth --revoke`: asks the provider to revoke, forgets the tokens, and waits for the user. */
  async revoke(): Promise<void> {
    this.options.flows.forget(this.name);
    await this.revokeAtServer();
    await this.require("the authorization was revoked in the hub");
  }

  /** The server is removed: its authorization goes with it (revoked at the provider when it can be). */
  async forget(): Promise<void> {
    this.close();
    this.options.flows.forget(this.name);
    await this.revokeAtServer();
    await this.options.store.set(this.name, undefined);
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
  }

  /** What the flow provider reads and writes: this server's record, config, secrets and redirect URI. */
  private flowHost() {
    return {
      config: this.options.config,
      redirectUri: this.options.redirectUri,
      version: this.options.version,
      record: () => this.record(),
      save: (patch: Partial<AuthorizationRecord>) => this.save(patch),
      clientInformation: () => this.clientInformation(),
      saveTokens: (tokens: OAuthTokens) => this.keep(tokens, "authorizedAt"),
    };
  }

  /** The client the hub is at the authorization server: the user's pre-registered one, or the one registered. */
  private async clientInformation(): Promise<OAuthClientInformationMixed | undefined> {
    const { oauth } = this.options.config;
    const record = this.record();
    if (oauth?.clientId) {
      const secret = oauth.clientSecret
        ? (await this.options.secrets.get([oauth.clientSecret]))[oauth.clientSecret]
        : undefined;
      const bound = record.client?.client_id === oauth.clientId ? record.client.issuer : undefined;
      return { client_id: oauth.clientId, client_secret: secret, issuer: bound };
    }
    return record.client && record.clientRedirectUri === this.options.redirectUri ? record.client : undefined;
  }

  /** Transports get the access token and nothing else; a refusal is answered by the hub, not by auth(). */
  private transportProvider(): OAuthClientProvider {
    const refuse = (): never => {
      throw this.refusal();
    };
    return {
      redirectUrl: this.options.redirectUri,
      clientMetadata: { redirect_uris: [this.options.redirectUri] },
      tokens: () => this.accessToken(),
      // auth() starts with these: the server refused what the transport sent (401, or 403 insufficient_scope).
      discoveryState: refuse,
      clientInformation: refuse,
      saveTokens: refuse,
      saveCodeVerifier: refuse,
      codeVerifier: refuse,
      redirectToAuthorization: refuse,
    };
  }

  private async accessToken(): Promise<OAuthTokens | undefined> {
    const due = renewalDueAt(this.record());
    if (due !== undefined && due <= this.now) await this.renew();
    const tokens = this.record().tokens;
    return tokens && { access_token: tokens.access_token, token_type: tokens.token_type };
  }

  /** Why the transport's request cannot go on: the error its connection or call fails with. */
  private refusal(): Error {
    const record = this.record();
    if (!record.tokens) {
      this.required = true;
      return new AuthorizationRequired(this.name, record.lastError ?? "not authorized yet");
    }
    const now = this.now;
    if (
      record.tokens.refresh_token &&
      (this.rejectedAt === undefined || now - this.rejectedAt > REJECTION_MEMORY_MS)
    ) {
      // Revoked at the server, or it expired early: renew once before asking the user.
      this.rejectedAt = now;
      this.background(this.save({ expiresAt: toIso(now) }));
      return new DownstreamUnavailable(this.name, "it refused the access token; the hub is renewing it");
    }
    const reason = "the server refuses the hub's access token (revoked, or without the scopes it needs)";
    this.background(this.require(reason));
    return new AuthorizationRequired(this.name, reason);
  }

  /** Renews the access token with the refresh token: one renewal at a time, whoever asks. */
  private renew(): Promise<void> {
    this.renewing ??= this.runRenewal().finally(() => (this.renewing = undefined));
    return this.renewing;
  }

  private async runRenewal(): Promise<void> {
    const record = this.record();
    const refreshToken = record.tokens?.refresh_token;
    const discovery = record.discovery as OAuthDiscoveryState | undefined;
    if (!refreshToken || !discovery) return;
    const issuer = discovery.authorizationServerUrl;
    // A refresh token goes only to the authorization server that issued it.
    if (record.tokens?.issuer && !issuersMatch(record.tokens.issuer, issuer))
      return this.require("the server's authorization server changed");
    const sdk = await loadSdk();
    const { InvalidClientError, InvalidGrantError, UnauthorizedClientError } = await loadOAuthErrors();
    try {
      const client = await this.clientInformation();
      if (!client) return this.require("the hub's client registration is gone");
      const provider = flowProvider(this.flowHost(), undefined, { mode: "finish" });
      const selected = await sdk.selectResourceURL(
        this.options.config.url,
        provider,
        discovery.resourceMetadata,
      );
      // As auth() does: the metadata's resource verbatim (a URL's href would add a trailing slash).
      const resource =
        selected && discovery.resourceMetadata && !provider.validateResourceURL
          ? discovery.resourceMetadata.resource
          : selected;
      const tokens = await sdk.refreshAuthorization(issuer, {
        metadata: discovery.authorizationServerMetadata,
        clientInformation: client,
        refreshToken,
        resource,
        fetchFn: this.options.fetch,
      });
      this.failedRenewals = 0;
      await this.keep({ ...tokens, issuer: record.tokens?.issuer }, "lastRefreshAt");
      this.options.log.info({ expiresAt: this.record().expiresAt }, "access token renewed");
    } catch (error) {
      if (
        error instanceof InvalidGrantError ||
        error instanceof InvalidClientError ||
        error instanceof UnauthorizedClientError
      )
        return this.require(
          `the authorization server refused to renew it (${error.errorCode}: ${error.message})`,
        );
      const delay = backoffDelay(this.failedRenewals++, RETRY);
      this.options.log.warn({ err: error, retryInMs: delay }, "renewing the access token failed; retrying");
      await this.save({ lastError: `renewing the access token failed: ${errorMessage(error)}` });
      this.schedule(delay);
    }
  }

  /** Keeps new tokens (from the code exchange or a renewal) and plans the next renewal. */
  private async keep(tokens: OAuthTokens, stamp: "authorizedAt" | "lastRefreshAt"): Promise<void> {
    const now = this.now;
    await this.save({
      tokens,
      expiresAt: expiryOf(tokens, now),
      lastError: undefined,
      [stamp]: toIso(now),
    });
    this.required = false;
    this.schedule();
  }

  /** The user must authorize (again): the tokens go, the registration and discovery stay for next time. */
  private async require(reason: string): Promise<void> {
    clearTimeout(this.timer);
    this.required = true;
    await this.save({ tokens: undefined, expiresAt: undefined, lastError: reason });
    this.options.log.warn({ reason }, "needs authorization");
    this.options.onChange({ status: "required", reason });
  }

  private schedule(delayMs?: number): void {
    clearTimeout(this.timer);
    if (this.closed) return;
    const due = renewalDueAt(this.record());
    if (due === undefined) return;
    // setTimeout takes at most 2^31-1 ms; a renewal that far off is planned again when that timer fires.
    const wait = Math.min(Math.max(delayMs ?? due - this.now, 0), 2 ** 31 - 1);
    this.timer = setTimeout(() => this.background(this.renew()), wait);
    this.timer.unref();
  }

  private async revokeAtServer(): Promise<void> {
    const record = this.record();
    const client = await this.clientInformation().catch(() => undefined);
    if (!record.tokens || !client) return;
    await revokeGrant({
      tokens: record.tokens,
      metadata: (record.discovery as OAuthDiscoveryState | undefined)?.authorizationServerMetadata,
      client,
      fetchFn: this.options.fetch,
      onRefused: (error) =>
        this.options.log.warn({ err: error }, "the authorization server did not take the revocation"),
    });
  }

  /** Work nobody awaits (a timer's renewal, a write behind a refusal): a failure, e.g. a full disk, is logged. */
  private background(work: Promise<void>): void {
    work.catch((error: unknown) =>
      this.options.log.error({ err: error }, "keeping the authorization failed"),
    );
  }

  /** An OAuth step failed: remembered as the last error and reported as AuthorizationFailed (HubErrors as they are). */
  private async failure(what: string, cause: unknown): Promise<HubError> {
    if (cause instanceof HubError) return cause;
    const message = `${what}: ${errorMessage(cause)}`;
    await this.save({ lastError: message });
    this.options.log.warn({ reason: message }, "authorization step failed");
    return new AuthorizationFailed(message);
  }
}

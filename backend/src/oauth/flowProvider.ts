import type { OAuthClientProvider, OAuthDiscoveryState } from "@modelcontextprotocol/sdk/client/auth.js";
import type {
  OAuthClientInformationMixed,
  OAuthClientMetadata,
  OAuthTokens,
} from "@modelcontextprotocol/sdk/shared/auth.js";
import type { RemoteServerConfig } from "../config/index.js";
import { AuthorizationFailed } from "../errors/index.js";
import type { AuthorizationRecord } from "./authorizationStore.js";
import type { PendingFlow } from "./pendingFlows.js";

/** What a flow reads and writes of one server's authorization (ServerAuthorization hands it over). */
export interface FlowHost {
  config: RemoteServerConfig;
  redirectUri: string;
  version: string;
  record(): AuthorizationRecord;
  save(patch: Partial<AuthorizationRecord>): Promise<void>;
  clientInformation(): Promise<OAuthClientInformationMixed | undefined>;
  saveTokens(tokens: OAuthTokens): Promise<void>;
}

export type FlowMode = { mode: "start"; onPage: (url: URL) => void } | { mode: "finish" };

/**
 * The provider the SDK's auth() drives one authorization with. "start": discovery afresh (the server may have moved
 * to another authorization server), registration when the hub has no client there, then the page, whose state and
 * PKCE verifier stay in the pending flow; "finish": the code exchange, with what start found and kept.
 */
export function flowProvider(
  host: FlowHost,
  flow: PendingFlow | undefined,
  options: FlowMode,
): OAuthClientProvider {
  const { oauth } = host.config;
  const noFlow = (): never => {
    throw new Error("no authorization is in progress");
  };
  const provider: OAuthClientProvider = {
    redirectUrl: host.redirectUri,
    clientMetadata: clientMetadata(host),
    clientMetadataUrl: oauth?.clientMetadataUrl,
    state: () => flow?.state ?? noFlow(),
    clientInformation: () => host.clientInformation(),
    // For a pre-registered client only the issuer it is bound to is kept: its secret stays in the secret store.
    saveClientInformation: (info) =>
      oauth?.clientId
        ? host.save({ client: { client_id: info.client_id, issuer: info.issuer } })
        : host.save({ client: info, clientRedirectUri: host.redirectUri }),
    // Never the stored tokens: the user asked for a new authorization, and auth() would renew the old one instead.
    tokens: () => undefined,
    saveTokens: (tokens) => host.saveTokens(tokens),
    saveCodeVerifier: (verifier) => {
      if (flow) flow.codeVerifier = verifier;
    },
    codeVerifier: () => flow?.codeVerifier ?? noFlow(),
    redirectToAuthorization: (url) => (options.mode === "start" ? options.onPage(url) : noFlow()),
    discoveryState: () =>
      options.mode === "start" ? undefined : (host.record().discovery as OAuthDiscoveryState | undefined),
    saveDiscoveryState: (state) => {
      requirePkce(state);
      return host.save({ discovery: { ...state } });
    },
    invalidateCredentials: (scope) => {
      // The authorization server no longer knows the client: register again next time. Tokens change only when
      // new ones arrive or the user must authorize again, never because one exchange failed.
      if (scope === "all")
        return host.save({ client: undefined, clientRedirectUri: undefined, discovery: undefined });
      if (scope === "client") return host.save({ client: undefined, clientRedirectUri: undefined });
      if (scope === "discovery") return host.save({ discovery: undefined });
    },
  };
  // Some providers reject RFC 8707's resource parameter: the user turned it off.
  if (oauth?.resource === false) provider.validateResourceURL = async () => undefined;
  return provider;
}

/** How the hub presents itself when it registers: a public client (RFC 8252) on the loopback redirect. */
function clientMetadata(host: FlowHost): OAuthClientMetadata {
  const scopes = host.config.oauth?.scopes;
  return {
    client_name: "MCP Hub",
    redirect_uris: [host.redirectUri],
    grant_types: ["authorization_code", "refresh_token"],
    response_types: ["code"],
    // No secret to keep: PKCE protects the code, and the redirect goes to the user's own machine.
    token_endpoint_auth_method: "none",
    software_id: "mcp-hub",
    software_version: host.version,
    ...(scopes?.length ? { scope: scopes.join(" ") } : {}),
  };
}

/**
 * MCP requires PKCE with S256 and a client to refuse an authorization server that does not announce it
 * (code_challenge_methods_supported); checked as soon as discovery ends, before the hub registers anywhere.
 */
function requirePkce(state: OAuthDiscoveryState): void {
  const metadata = state.authorizationServerMetadata as
    { code_challenge_methods_supported?: string[] } | undefined;
  if (!metadata)
    throw new AuthorizationFailed(
      `no authorization server metadata found at ${state.authorizationServerUrl} (neither OAuth nor OpenID discovery answered)`,
    );
  if (!metadata.code_challenge_methods_supported?.includes("S256"))
    throw new AuthorizationFailed(
      `the authorization server ${state.authorizationServerUrl} does not announce PKCE with S256, which MCP requires; the hub will not authorize with it`,
    );
}

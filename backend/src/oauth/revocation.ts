import type {
  AuthorizationServerMetadata,
  OAuthClientInformationMixed,
} from "@modelcontextprotocol/sdk/shared/auth.js";
import type { FetchLike } from "@modelcontextprotocol/sdk/shared/transport.js";

const REVOKE_TIMEOUT_MS = 10_000; // revocation is a courtesy: the hub forgets the tokens whatever the answer

/**
 * Asks the authorization server to revoke a token (RFC 7009), authenticating as the SDK would at the token
 * endpoint. The SDK's client has no revocation helper; this is its token request's client authentication, applied
 * to the revocation endpoint. Resolves false when the server offers no revocation endpoint or refuses.
 */
async function revokeToken(options: {
  metadata: AuthorizationServerMetadata | undefined;
  client: OAuthClientInformationMixed;
  token: string;
  hint: "refresh_token" | "access_token";
  fetchFn?: FetchLike;
}): Promise<boolean> {
  // The OpenID flavour of the metadata types these fields loosely; both name them the same (RFC 8414, RFC 7009).
  const metadata = options.metadata as
    | {
        revocation_endpoint?: string;
        revocation_endpoint_auth_methods_supported?: string[];
        token_endpoint_auth_methods_supported?: string[];
      }
    | undefined;
  const endpoint = metadata?.revocation_endpoint;
  if (typeof endpoint !== "string") return false;
  const { selectClientAuthMethod } = await import("@modelcontextprotocol/sdk/client/auth.js");
  const headers = new Headers({ "content-type": "application/x-www-form-urlencoded" });
  const body = new URLSearchParams({ token: options.token, token_type_hint: options.hint });
  const { client_id, client_secret } = options.client;
  const method = selectClientAuthMethod(
    options.client,
    metadata?.revocation_endpoint_auth_methods_supported ??
      metadata?.token_endpoint_auth_methods_supported ??
      [],
  );
  if (method === "client_secret_basic" && client_secret)
    headers.set("authorization", `Basic ${btoa(`${client_id}:${client_secret}`)}`);
  else {
    body.set("client_id", client_id);
    if (method === "client_secret_post" && client_secret) body.set("client_secret", client_secret);
  }
  const response = await (options.fetchFn ?? fetch)(endpoint, {
    method: "POST",
    headers,
    body,
    signal: AbortSignal.timeout(REVOKE_TIMEOUT_MS),
  });
  await response.body?.cancel();
  return response.ok;
}

/** Revokes a grant's refresh token, then its access token; a refusal is reported and the next one still tried. */
export async function revokeGrant(options: {
  tokens: { access_token: string; refresh_token?: string };
  metadata: AuthorizationServerMetadata | undefined;
  client: OAuthClientInformationMixed;
  fetchFn?: FetchLike;
  onRefused: (error: unknown) => void;
}): Promise<void> {
  const { tokens, metadata, client, fetchFn } = options;
  for (const [token, hint] of [
    [tokens.refresh_token, "refresh_token"],
    [tokens.access_token, "access_token"],
  ] as const) {
    if (token) await revokeToken({ metadata, client, token, hint, fetchFn }).catch(options.onRefused);
  }
}

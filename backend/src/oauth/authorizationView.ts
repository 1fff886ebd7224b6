import type { AuthorizationView } from "@mcp-hub/contracts";
import type { RemoteServerConfig } from "../config/index.js";
import type { AuthorizationRecord } from "./authorizationStore.js";
import { toIso } from "./tokenLifetime.js";

/** What the REST API shows of a server's authorization: where it stands, never a token, code or secret. */
export function authorizationView(
  record: AuthorizationRecord,
  config: RemoteServerConfig,
  now: { required: boolean; redirectUri: string; pendingUntil: number | undefined },
): AuthorizationView {
  const { tokens } = record;
  const { oauth } = config;
  const metadataIssuer = record.discovery?.authorizationServerMetadata as { issuer?: string } | undefined;
  return {
    status: tokens ? "authorized" : now.required || record.lastError ? "required" : "none",
    authorizationServer: metadataIssuer?.issuer ?? record.discovery?.authorizationServerUrl,
    scopes: (tokens?.scope ?? oauth?.scopes?.join(" ") ?? "").split(" ").filter(Boolean),
    expiresAt: tokens ? record.expiresAt : undefined,
    refreshable: Boolean(tokens?.refresh_token),
    authorizedAt: record.authorizedAt,
    lastRefreshAt: record.lastRefreshAt,
    lastError: record.lastError,
    client: oauth?.clientId
      ? "pre-registered"
      : oauth?.clientMetadataUrl && record.client?.client_id === oauth.clientMetadataUrl
        ? "metadata-document"
        : "dynamic",
    redirectUri: now.redirectUri,
    pendingUntil: toIso(now.pendingUntil),
  };
}

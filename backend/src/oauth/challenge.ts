import type { FetchLike } from "@modelcontextprotocol/sdk/shared/transport.js";
import { loadSdk } from "./sdk.js";

const PROBE_TIMEOUT_MS = 10_000;

/**
 * What the server says when asked without a token: its WWW-Authenticate challenge names the protected resource
 * metadata and the scopes to ask for (MCP authorization, "Protected Resource Metadata Discovery"). A ping, so a
 * server that needs no authorization opens no session for it. Empty when there is no challenge; discovery then
 * falls back to the well-known URLs.
 */
export async function probeChallenge(
  url: string,
  fetchFn: FetchLike = fetch,
): Promise<{ resourceMetadataUrl?: URL; scope?: string }> {
  const { extractWWWAuthenticateParams } = await loadSdk();
  try {
    const response = await fetchFn(url, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json, text/event-stream" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 0, method: "ping" }),
      redirect: "manual",
      signal: AbortSignal.timeout(PROBE_TIMEOUT_MS),
    });
    await response.body?.cancel();
    if (response.status !== 401 && response.status !== 403) return {};
    const { resourceMetadataUrl, scope } = extractWWWAuthenticateParams(response);
    return { resourceMetadataUrl, scope };
  } catch {
    return {};
  }
}

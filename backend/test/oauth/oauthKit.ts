/**
 * What a user's browser does on the authorization server's side, without a browser: opens the authorization page,
 * clicks Allow on the consent page, and hands back where the authorization server sends it (the hub's callback).
 * `reach` rewrites the issuer's origin when the test process reaches the server at another address.
 */
export async function consent(
  authorizationUrl: string,
  options: { decision?: "allow" | "deny"; reach?: (url: string) => string } = {},
): Promise<URL> {
  const reach = options.reach ?? ((url: string) => url);
  const page = await fetch(reach(authorizationUrl), { redirect: "manual" });
  const html = await page.text();
  if (!page.ok) throw new Error(`authorization page answered ${page.status}: ${html}`);
  const consentId = /name="consent" value="([^"]+)"/.exec(html)?.[1];
  if (!consentId) throw new Error(`no consent form on the authorization page: ${html}`);
  const answer = await fetch(reach(new URL("/consent", authorizationUrl).href), {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ consent: consentId, decision: options.decision ?? "allow" }),
    redirect: "manual",
  });
  const location = answer.headers.get("location");
  if (answer.status !== 302 || !location) throw new Error(`consent answered ${answer.status}`);
  return new URL(location);
}

/** What the test AS counted (GET /test/stats of test/fixtures/oauthServer.ts). */
export interface OAuthStats {
  authorizations: number;
  refreshes: number;
  refusedRefreshes: number;
  revocations: number;
  registrations: number;
}

export async function oauthStats(baseUrl: string): Promise<OAuthStats> {
  return (await fetch(new URL("/test/stats", baseUrl))).json() as Promise<OAuthStats>;
}

/** The user revokes the app at the provider: every grant it issued ends. */
export async function revokeAllAtProvider(baseUrl: string): Promise<void> {
  const res = await fetch(new URL("/test/revoke-all", baseUrl), { method: "POST" });
  if (res.status !== 204) throw new Error(`revoke-all answered ${res.status}`);
}

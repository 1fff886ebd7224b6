/**
 * The SDK's client auth (auth(), refresh, discovery), loaded on first use: its schemas and PKCE code are no use to a
 * hub without remote servers behind OAuth (idle memory is a target, docs/architecture.md).
 */
export const loadSdk = () => import("@modelcontextprotocol/sdk/client/auth.js");

/** The OAuth error classes the SDK's client throws, by the error code the authorization server answered. */
export const loadOAuthErrors = () => import("@modelcontextprotocol/sdk/server/auth/errors.js");

import { z } from "zod";
import { flag, optionalText, text, textList } from "./leaves.js";

/** An OAuth scope token (RFC 6749 §3.3): printable ASCII without space, double quote or backslash. */
export const oauthScopeSchema = z
  .string()
  .regex(/^[\x21\x23-\x5B\x5D-\x7E]{1,256}$/, "a scope is 1-256 printable characters without spaces");

/**
 * Where a remote server's OAuth authorization stands, as the REST API shows it: never a token, a code or a secret.
 * `none`: the server has not asked for authorization; `required`: it has, and the user must authorize (lastError
 * says why); `authorized`: the hub holds a token and renews it silently while it can.
 */
export const authorizationViewSchema = z.lazy(() =>
  z.object({
    status: z.enum(["none", "required", "authorized"]),
    /** The authorization server (issuer URL) the hub authorizes with, once discovered. */
    authorizationServer: optionalText,
    /** Granted scopes (or, before that, the ones configured to ask for). */
    scopes: textList,
    /** When the current access token expires (ISO); it is renewed before that when refreshable. */
    expiresAt: optionalText,
    /** The hub holds a refresh token: authorized until the user or the provider revokes it. */
    refreshable: flag,
    authorizedAt: optionalText,
    lastRefreshAt: optionalText,
    lastError: optionalText,
    /** How the hub identifies itself: registered on the fly, a client the user registered, or a metadata document. */
    client: z.enum(["dynamic", "pre-registered", "metadata-document"]),
    /** The exact redirect URI the hub uses (what a pre-registered client must list). */
    redirectUri: text,
    /** An authorization page was handed out and its state is valid until then (ISO). */
    pendingUntil: optionalText,
  }),
);
export type AuthorizationView = z.infer<typeof authorizationViewSchema>;

/**
 * POST /api/servers/:name/auth: the page to open in the user's browser, and what it will ask for, shown before the
 * user goes there. The URL's state is single-use and expires at `expiresAt`.
 */
export const authorizationStartSchema = z.lazy(() =>
  z.object({
    server: text,
    authorizationUrl: text,
    authorizationServer: text,
    scopes: textList,
    redirectUri: text,
    expiresAt: text,
  }),
);
export type AuthorizationStart = z.infer<typeof authorizationStartSchema>;

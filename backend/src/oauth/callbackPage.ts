import type { CallbackOutcome } from "./authorizations.js";

/** The callback page: no script, no outside resources, nothing cached, no Referer carrying the code onwards. */
export const CALLBACK_PAGE_HEADERS = {
  "content-type": "text/html; charset=utf-8",
  "cache-control": "no-store",
  "referrer-policy": "no-referrer",
  "content-security-policy":
    "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'",
} as const;

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** What the user's browser shows after the authorization server sent it back to the hub. */
export function callbackPage(result: CallbackOutcome): { status: number; html: string } {
  const [status, title, body] =
    result.outcome === "authorized"
      ? [
          200,
          `${result.server} is authorized`,
          "MCP Hub holds the authorization now and renews it by itself. You can close this tab.",
        ]
      : result.outcome === "refused"
        ? [400, "Authorization refused", `${result.reason}.`]
        : [502, `${result.server} was not authorized`, `${result.reason}. Try Authorize again from the hub.`];
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>MCP Hub: ${escapeHtml(title)}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem}</style></head>
<body><h1>${escapeHtml(title)}</h1><p>${escapeHtml(body)}</p></body></html>
`;
  return { status, html };
}

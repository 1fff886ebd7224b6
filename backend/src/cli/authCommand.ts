import { Command } from "commander";
import type { AuthorizationStart, AuthorizationView, ServerView } from "@mcp-hub/contracts";
import { callApi, CliError, EXIT, type HubConnection } from "./hubClient.js";

const POLL_MS = 1_000; // how often `server auth` looks whether the browser has come back

/** `mcp-hub server auth <name>`: prints the authorization page and waits for the user; `--revoke` ends it. */
export function authCommand(connection: () => HubConnection): Command {
  return new Command("auth")
    .argument("<name>", "a remote server behind OAuth")
    .description(
      "authorize a remote server behind OAuth: prints the page to open in your browser, then waits until it is authorized",
    )
    .option("--revoke", "revoke the server's authorization instead (it then waits for a new one)")
    .option("--no-wait", "print the page and return at once")
    .option("--json", "print the API's answer as JSON")
    .action(async (name: string, opts: { revoke?: boolean; wait: boolean; json?: boolean }) => {
      const path = `/servers/${encodeURIComponent(name)}`;
      if (opts.revoke) {
        const view = await callApi<ServerView>(connection(), "DELETE", `${path}/auth`);
        if (opts.json) return console.log(JSON.stringify(view, null, 2));
        return console.log(
          `revoked the authorization of ${name}; it is ${view.state} until authorized again`,
        );
      }
      const before = (await callApi<ServerView>(connection(), "GET", path)).authorization;
      const page = await callApi<AuthorizationStart>(connection(), "POST", `${path}/auth`);
      if (opts.json) console.log(JSON.stringify(page, null, 2));
      else console.log(describePage(page));
      if (!opts.wait) return;
      if (!opts.json)
        console.log("Waiting for your browser to come back… (Ctrl-C stops waiting; the page stays valid)");
      const after = await waitForOutcome(connection, path, before, Date.parse(page.expiresAt));
      if (!opts.json)
        console.log(`${name} is authorized${after.scopes.length ? ` (${after.scopes.join(", ")})` : ""}`);
    });
}

/** What the user is about to grant, then the page: scopes are shown before anyone signs in. */
function describePage(page: AuthorizationStart): string {
  const scopes = page.scopes.length ? page.scopes.join(", ") : "(the server named no scopes)";
  return [
    `${page.server} asks ${page.authorizationServer} for: ${scopes}`,
    `Open this page in your browser to authorize (valid until ${new Date(page.expiresAt).toLocaleTimeString()}):`,
    "",
    `  ${page.authorizationUrl}`,
    "",
  ].join("\n");
}

/** Polls the server until a new authorization arrives; a new error or the page's expiry ends the wait. */
async function waitForOutcome(
  connection: () => HubConnection,
  path: string,
  before: AuthorizationView | undefined,
  expiresAt: number,
): Promise<AuthorizationView> {
  while (Date.now() < expiresAt) {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    const now = (await callApi<ServerView>(connection(), "GET", path)).authorization;
    if (now?.status === "authorized" && now.authorizedAt !== before?.authorizedAt) return now;
    if (now?.lastError && now.lastError !== before?.lastError) throw new CliError(now.lastError, EXIT.failed);
  }
  throw new CliError(
    "the authorization page expired before the browser came back; run the command again",
    EXIT.failed,
  );
}

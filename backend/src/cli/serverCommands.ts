import { readFile } from "node:fs/promises";
import { Command, Option } from "commander";
import type {
  RemoteOAuthInput,
  RiskLevel,
  ServerConfigInput,
  ServerLogsResponse,
  ServersResponse,
  ServerView,
  ToolsResponse,
} from "@mcp-hub/contracts";
import { authCommand } from "./authCommand.js";
import { callApi, CliError, EXIT, type HubConnection } from "./hubClient.js";
import { table } from "./table.js";

export function serverCommands(connection: () => HubConnection): Command {
  const server = new Command("server").description("manage the hub's MCP servers");

  server
    .command("ls")
    .description("list servers with state, tools and restarts")
    .option("--json", "print JSON")
    .action(async (opts: { json?: boolean }) => {
      const { servers } = await callApi<ServersResponse>(connection(), "GET", "/servers");
      if (opts.json) return console.log(JSON.stringify(servers, null, 2));
      if (!servers.length)
        return console.log("No servers yet. Add one: mcp-hub server add <name> --image <image>");
      const waiting = servers.filter((s) => s.state === "needs-authorization").map((s) => s.name);
      console.log(
        table([
          ["NAME", "KIND", "STATE", "TOOLS", "RESTARTS", "BREAKER", "LAST ERROR"],
          ...servers.map((s) => [
            s.name,
            `${s.kind}/${s.transport}`,
            s.state,
            String(s.counts.tools),
            String(s.restarts),
            s.breaker,
            s.lastError ?? "",
          ]),
        ]),
      );
      for (const name of waiting) console.log(`${name} needs authorization: mcp-hub server auth ${name}`);
    });

  server
    .command("add <name>")
    .description("add a server: a container image (stdio or http) or a remote URL")
    .addOption(new Option("--image <image>", "container image to run"))
    .addOption(new Option("--url <url>", "remote MCP server URL (Streamable HTTP, SSE fallback)"))
    .addOption(
      new Option("--transport <transport>", "how the image speaks MCP")
        .choices(["stdio", "http"])
        .default("stdio"),
    )
    .option("--port <port>", "container port of an http server", (v) => Number(v))
    .option("--path <path>", "MCP path of an http server", "/mcp")
    .option("--env <KEY=VALUE...>", "plain environment variables (not for secrets)")
    .option("--secret <NAME...>", "names of secrets (set with `mcp-hub secret set`) to inject as environment")
    .addOption(
      new Option("--risk <level>", "governance level").choices(["low", "medium", "high"]).default("medium"),
    )
    .option("--egress", "let the server reach the internet")
    .option("--disabled", "add without starting")
    .option("--file <json>", "read the whole server definition from a JSON file")
    .option("--cmd <arg...>", "command (argv) overriding the image's CMD")
    .option("--oauth-client-id <id>", "remote behind OAuth: a client you registered at the provider")
    .option(
      "--oauth-client-secret <SECRET_NAME>",
      "the secret (mcp-hub secret set) holding that client's secret",
    )
    .option(
      "--oauth-client-metadata-url <https-url>",
      "remote behind OAuth: where you host the hub's Client ID Metadata Document (it is the client id)",
    )
    .option("--oauth-scope <scope...>", "remote behind OAuth: scopes to ask for instead of the server's own")
    .option(
      "--no-oauth-resource",
      "remote behind OAuth: leave out the resource parameter (for providers rejecting it)",
    )
    .action(async (name: string, opts: AddFlags) => {
      // A --file definition goes as written: the hub checks it and names any wrong field.
      const body: unknown = opts.file
        ? JSON.parse(await readFile(opts.file, "utf8"))
        : toServerBody(name, opts);
      const view = await callApi<ServerView>(connection(), "POST", "/servers", body);
      console.log(
        `added ${view.name}: ${view.state}${view.lastError ? ` (${view.lastError})` : ""}, ${view.counts.tools} tools`,
      );
    });

  server
    .command("rm <name>")
    .description("remove a server and its container")
    .action(async (name: string) => {
      await callApi(connection(), "DELETE", `/servers/${encodeURIComponent(name)}`);
      console.log(`removed ${name}`);
    });

  const actions = { enable: "enabled", disable: "disabled", restart: "restarted" } as const;
  for (const [action, done] of Object.entries(actions))
    server
      .command(`${action} <name>`)
      .description(`${action} a server`)
      .action(async (name: string) => {
        await callApi(connection(), "POST", `/servers/${encodeURIComponent(name)}/${action}`);
        console.log(`${done} ${name}`);
      });

  server
    .command("status <name>")
    .description("show one server's state, restarts, breaker and last error")
    .option("--json", "print JSON")
    .action(async (name: string, opts: { json?: boolean }) => {
      const view = await callApi<ServerView>(connection(), "GET", `/servers/${encodeURIComponent(name)}`);
      if (opts.json) return console.log(JSON.stringify(view, null, 2));
      console.log(
        `${view.name}: ${view.state} (${view.kind}/${view.transport}), ${view.counts.tools} tools, ` +
          `${view.restarts} restarts, breaker ${view.breaker}${view.lastError ? `, last error: ${view.lastError}` : ""}`,
      );
      if (view.authorization) console.log(authorizationLine(view.authorization));
    });

  server
    .command("tools <name>")
    .description("list the server's tools with the names clients call them by")
    .option("--json", "print JSON")
    .action(async (name: string, opts: { json?: boolean }) => {
      const { tools } = await callApi<ToolsResponse>(
        connection(),
        "GET",
        `/servers/${encodeURIComponent(name)}/tools`,
      );
      if (opts.json) return console.log(JSON.stringify(tools, null, 2));
      for (const tool of tools)
        console.log(`${tool.namespacedName}${tool.description ? `  ${tool.description}` : ""}`);
    });

  server
    .command("logs <name>")
    .description("print the server's recent stderr lines")
    .action(async (name: string) => {
      const { lines } = await callApi<ServerLogsResponse>(
        connection(),
        "GET",
        `/servers/${encodeURIComponent(name)}/logs`,
      );
      for (const line of lines) console.log(line);
    });
  server.addCommand(authCommand(connection));
  return server;
}

/** One line on where a remote server's OAuth authorization stands (never a token). */
function authorizationLine(auth: NonNullable<ServerView["authorization"]>): string {
  const at = auth.authorizationServer ? ` at ${auth.authorizationServer}` : "";
  const scopes = auth.scopes.length ? `, scopes ${auth.scopes.join(" ")}` : "";
  const until = auth.expiresAt
    ? `, token until ${auth.expiresAt}${auth.refreshable ? " (renewed by the hub)" : " (not renewable)"}`
    : "";
  const refreshed = auth.lastRefreshAt ? `, last renewed ${auth.lastRefreshAt}` : "";
  const error = auth.lastError ? `, last error: ${auth.lastError}` : "";
  return `authorization: ${auth.status}${at} (${auth.client} client)${scopes}${until}${refreshed}${error}`;
}

interface AddFlags {
  image?: string;
  url?: string;
  transport: "stdio" | "http";
  port?: number;
  path: string;
  env?: string[];
  secret?: string[];
  risk: RiskLevel;
  egress?: boolean;
  disabled?: boolean;
  file?: string;
  cmd?: string[];
  oauthClientId?: string;
  oauthClientSecret?: string;
  oauthClientMetadataUrl?: string;
  oauthScope?: string[];
  oauthResource: boolean;
}

/** The OAuth flags of `server add --url`, as the config's `oauth` (left out when none is given). */
function remoteOAuth(opts: AddFlags): { oauth?: RemoteOAuthInput } {
  const oauth: RemoteOAuthInput = {
    ...(opts.oauthClientId ? { clientId: opts.oauthClientId } : {}),
    ...(opts.oauthClientSecret ? { clientSecret: opts.oauthClientSecret } : {}),
    ...(opts.oauthClientMetadataUrl ? { clientMetadataUrl: opts.oauthClientMetadataUrl } : {}),
    ...(opts.oauthScope?.length ? { scopes: opts.oauthScope } : {}),
    ...(opts.oauthResource ? {} : { resource: false }),
  };
  return Object.keys(oauth).length ? { oauth } : {};
}

function toServerBody(name: string, opts: AddFlags): ServerConfigInput {
  const common = { name, risk: opts.risk, enabled: !opts.disabled };
  if (opts.url && opts.image) throw new CliError("give either --image or --url, not both", EXIT.usage);
  if (opts.url) return { ...common, kind: "remote", url: opts.url, ...remoteOAuth(opts) };
  if (!opts.image) throw new CliError("give --image <image> or --url <url>", EXIT.usage);
  const env = envPairs(opts.env);
  return {
    ...common,
    kind: "image",
    image: opts.image,
    transport: opts.transport,
    port: opts.port,
    path: opts.path,
    env,
    secrets: opts.secret ?? [],
    egress: Boolean(opts.egress),
    command: opts.cmd,
  };
}

/** --env KEY=VALUE pairs as an object. */
export function envPairs(pairs: string[] = []): Record<string, string> {
  return Object.fromEntries(
    pairs.map((pair) => {
      const at = pair.indexOf("=");
      if (at <= 0) throw new CliError(`--env takes KEY=VALUE, got "${pair}"`, EXIT.usage);
      return [pair.slice(0, at), pair.slice(at + 1)];
    }),
  );
}

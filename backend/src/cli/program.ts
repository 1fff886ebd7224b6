import { Command, Option } from "commander";
import type { HubStatus, SecretNamesResponse, TokenRotateResponse } from "@mcp-hub/contracts";
import { rotateToken } from "../config/index.js";
import { VERSION } from "../version.js";
import { callApi, CliError, dataDirFrom, EXIT, resolveToken, type HubConnection } from "./hubClient.js";
import { agentCommands } from "./agentCommands.js";
import { clientCommands } from "./clientCommands.js";
import { registryCommands } from "./registryCommands.js";
import { registryLine } from "./registryText.js";
import { dockerToolsCommand } from "./dockerToolsCommand.js";
import { migrateCommands } from "./migrateCommands.js";
import { serverCommands } from "./serverCommands.js";

/** `mcp-hub`: the hub's command line. Every command has --help; exit codes are in hubClient.ts (EXIT). */
export function createProgram(): Command {
  const program = new Command("mcp-hub")
    .description("MCP Hub: one hardened, observable endpoint for all your MCP servers")
    .version(VERSION)
    .addOption(new Option("--url <url>", "hub URL").env("MCP_HUB_URL").default("http://127.0.0.1:3010"))
    .addOption(
      new Option("--token <token>", "hub token (default: MCP_HUB_TOKEN, then the data dir's token file)"),
    )
    .addOption(new Option("--data-dir <dir>", "hub data directory").env("HUB_DATA_DIR"))
    .showHelpAfterError()
    // The hub's --url, --token and --data-dir come before the command: `server add --url` is the server's URL.
    .enablePositionalOptions()
    .exitOverride();

  const connection = (): HubConnection => {
    const opts = program.opts<{ url: string; token?: string; dataDir?: string }>();
    return { url: opts.url, token: opts.token, dataDir: dataDirFrom(opts.dataDir) };
  };

  program
    .command("serve")
    .description(
      "run the hub in the foreground (configured by HUB_HOST, HUB_PORT, HUB_DATA_DIR, SOCKET_PATH)",
    )
    .action(async () => {
      const opts = program.opts<{ dataDir?: string }>();
      if (opts.dataDir) process.env.HUB_DATA_DIR = opts.dataDir;
      await import("../main.js");
      await new Promise(() => undefined); // runs until a signal stops it
    });

  program
    .command("status")
    .description(
      "show whether the hub is up (server, tool and session counts) and its registry's state and port",
    )
    .option("--json", "print JSON")
    .action(async (opts: { json?: boolean }) => {
      const status = await callApi<HubStatus>(connection(), "GET", "/status");
      if (opts.json) return console.log(JSON.stringify(status, null, 2));
      console.log(
        `MCP Hub ${status.version} at ${connection().url}: up ${status.uptimeSeconds} s, ` +
          `${status.servers.ready}/${status.servers.total} servers ready, ${status.tools} tools, ${status.sessions} sessions\n` +
          registryLine(status.registry),
      );
    });

  program
    .command("token")
    .description("print the hub's bearer token (read from the data directory)")
    .option(
      "--rotate",
      "replace the token with a new one: the running hub switches at once; a stopped hub uses it when it starts",
    )
    .action(async (opts: { rotate?: boolean }) => {
      const c = connection();
      if (opts.rotate) return console.log(await rotate(c));
      const token = await resolveToken({ ...c, token: undefined });
      if (!token)
        throw new CliError(`no token in ${c.dataDir}; the hub creates it on first start`, EXIT.notFound);
      console.log(token);
    });

  const secret = program
    .command("secret")
    .description("manage secrets injected into servers as environment variables");
  secret
    .command("set <name>")
    .description("set a secret; the value is read from stdin (never from argv)")
    .action(async (name: string) => {
      const value = (await readStdin()).replace(/\r?\n$/, "");
      if (!value)
        throw new CliError("no value on stdin: echo -n VALUE | mcp-hub secret set NAME", EXIT.usage);
      await callApi(connection(), "PUT", `/secrets/${encodeURIComponent(name)}`, { value });
      console.log(`set ${name}`);
    });
  secret
    .command("rm <name>")
    .description("remove a secret")
    .action(async (name: string) => {
      await callApi(connection(), "DELETE", `/secrets/${encodeURIComponent(name)}`);
      console.log(`removed ${name}`);
    });
  secret
    .command("ls")
    .description("list secret names (values are never shown)")
    .action(async () => {
      const { names } = await callApi<SecretNamesResponse>(connection(), "GET", "/secrets");
      for (const name of names) console.log(name);
    });

  program.addCommand(serverCommands(connection));
  program.addCommand(agentCommands(connection));
  program.addCommand(clientCommands());
  program.addCommand(registryCommands(connection));
  program.addCommand(dockerToolsCommand());
  program.addCommand(migrateCommands(connection));
  // addCommand copies no settings: every command must throw instead of exiting, so cli.ts maps the exit code.
  const throwInsteadOfExit = (command: Command): void => {
    command.exitOverride().showHelpAfterError();
    command.commands.forEach(throwInsteadOfExit);
  };
  throwInsteadOfExit(program);
  return program;
}

/**
 * A running hub keeps its token in memory, so it must make the new one itself (the old one stops working at once).
 * Only when no hub answers is the file replaced here, for the next start to read.
 */
async function rotate(connection: HubConnection): Promise<string> {
  try {
    return (await callApi<TokenRotateResponse>(connection, "POST", "/token/rotate")).token;
  } catch (error) {
    if (!(error instanceof CliError && error.exitCode === EXIT.unreachable)) throw error;
  }
  const token = await rotateToken(connection.dataDir);
  process.stderr.write(
    `no hub answers at ${connection.url}: wrote a new token to ${connection.dataDir}; the hub uses it when it starts\n`,
  );
  return token;
}

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) return "";
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

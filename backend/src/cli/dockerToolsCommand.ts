import { Command, Option } from "commander";
import { DOCKER_MODES, serveDockerToolsOverStdio } from "../builtin/index.js";
import { createLogger } from "../log/index.js";
import { CliError, EXIT } from "./hubClient.js";

/**
 * `mcp-hub docker-tools`: the built-in docker tools as a stand-alone MCP server over stdio, without the hub, for
 * clients that want only them:
 *   docker run -i --rm -v /var/run/docker.sock:/var/run/docker.sock mcp-hub:dev mcp-hub docker-tools --mode full
 * stdout carries MCP; logs go to stderr.
 */
export function dockerToolsCommand(): Command {
  return new Command("docker-tools")
    .description("serve the docker tools over stdio (MCP), without the hub; needs the Docker socket")
    .addOption(
      new Option(
        "--mode <mode>",
        "read-only: read tools only; no-destructive: confirm destructive calls, refuse host access; full: host access when confirmed",
      )
        .choices(DOCKER_MODES)
        .default("no-destructive"),
    )
    .option("--allow-host-path <path...>", "host folders bind mounts may come from (mode full)", [])
    .option("--label <key=value...>", "a label to put on everything the tools create", [])
    .action(
      async (opts: { mode: (typeof DOCKER_MODES)[number]; allowHostPath: string[]; label: string[] }) => {
        const labels = Object.fromEntries(
          opts.label.map((pair) => {
            const at = pair.indexOf("=");
            if (at < 1) throw new CliError(`--label ${pair}: write key=value`, EXIT.usage);
            return [pair.slice(0, at), pair.slice(at + 1)];
          }),
        );
        const log = createLogger({ level: process.env.LOG_LEVEL ?? "warn", destination: 2 });
        await serveDockerToolsOverStdio(
          { mode: opts.mode, allowedHostPaths: opts.allowHostPath, labels },
          log,
        );
      },
    );
}

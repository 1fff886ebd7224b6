import path from "node:path";
import { Command, Option } from "commander";
import type { ClientStatus } from "@mcp-hub/contracts";
import {
  CLIENTS,
  ClientConfigBusy,
  ClientConfigInvalid,
  ClientEntryConflict,
  ClientOptionUnsupported,
  connect,
  detectClients,
  disconnect,
  hostEnvContext,
  hostMountFromEnv,
  mountedEnvContext,
  previewConnect,
  previewDisconnect,
  restore,
  UnknownClient,
  type EnvContext,
  type HubEntryOptions,
  type Scope,
  type TargetOptions,
  type Transport,
} from "../clients/index.js";
import { CliError, EXIT } from "./hubClient.js";
import { print } from "./print.js";
import { table } from "./table.js";

interface TargetFlags {
  scope: Scope;
  projectDir?: string;
  json?: boolean;
}

interface EntryFlags extends TargetFlags {
  transport?: Transport;
  force?: boolean;
  entryName?: string;
  bridgeImage?: string;
  network?: string;
  dataVolume?: string;
  hubUrl?: string;
  dockerCommand?: string;
}

/**
 * The machine whose client configs we edit. Natively: this one. In a container started by a host script (or a hub
 * with the user's home mounted): the host described by HUB_HOST_HOME, HUB_HOST_PLATFORM, HUB_HOST_USER_HOME.
 */
export function machine(): { env: EnvContext; mounted: boolean } {
  const host = hostMountFromEnv(process.env);
  if (host.ok) return { env: mountedEnvContext(host.mount), mounted: true };
  if (!host.missing) throw new CliError(host.reason, EXIT.usage);
  return { env: hostEnvContext(), mounted: false };
}

function targetOptions(flags: EntryFlags): TargetOptions {
  const { env, mounted } = machine();
  if (flags.scope === "project" && !flags.projectDir)
    throw new CliError("--scope project needs --project-dir <dir>", EXIT.usage);
  // A mounted host's paths are the host's own; only a native run can resolve a relative dir against our cwd.
  const projectDir = flags.projectDir && !mounted ? path.resolve(flags.projectDir) : flags.projectDir;
  const hub: Partial<HubEntryOptions> = {
    entryName: flags.entryName,
    bridgeImage: flags.bridgeImage,
    network: flags.network,
    dataVolume: flags.dataVolume,
    hubUrl: flags.hubUrl,
    dockerCommand: flags.dockerCommand,
  };
  return { env, scope: flags.scope, projectDir, hub };
}

/** Expected refusals of the writers, as exit codes scripts (and the extension's host helper) can act on. */
async function mapped<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof UnknownClient || error instanceof ClientOptionUnsupported)
      throw new CliError(error.message, EXIT.usage);
    if (error instanceof ClientEntryConflict || error instanceof ClientConfigBusy)
      throw new CliError(error.message, EXIT.failed);
    if (error instanceof ClientConfigInvalid) throw new CliError(error.message, EXIT.failed);
    throw error;
  }
}

function statusText(s: ClientStatus): string {
  switch (s.status) {
    case "connected":
      return `connected (${s.transport})`;
    case "not-configured":
      return "not connected";
    case "conflicting":
      // Ours with other settings (image, network, …): connect updates it; otherwise connect needs --force.
      return s.ours ? "connected (other settings)" : "another entry uses our name";
    case "invalid":
      return `config invalid at ${s.error.line}:${s.error.column}`;
  }
}

const scopeOption = () =>
  new Option("--scope <scope>", "user config, or a project's (VS Code, Cursor, Claude Code)")
    .choices(["user", "project"])
    .default("user");

function withTarget(command: Command): Command {
  return command
    .addOption(scopeOption())
    .option("--project-dir <dir>", "project directory for --scope project")
    .option("--json", "print JSON");
}

function withEntry(command: Command): Command {
  return withTarget(command)
    .addOption(
      new Option("--transport <transport>", "stdio = the bridge container; http = the hub's URL").choices([
        "stdio",
        "http",
      ]),
    )
    .option("--entry-name <name>", "name of our entry in the client's config (default mcp-hub)")
    .option("--bridge-image <image>", "bridge image (default mcp-hub-bridge:latest)")
    .option("--network <network>", "Docker network the bridge joins (default mcp-hub)")
    .option(
      "--data-volume <volume>",
      "volume (or host dir) holding the hub token, mounted read-only (default mcp-hub-data)",
    )
    .option("--hub-url <url>", "hub URL for http entries (default http://127.0.0.1:3010/mcp)")
    .option("--docker-command <path>", "docker executable the client runs (default docker)");
}

export function clientCommands(): Command {
  const client = new Command("client").description(
    `wire MCP clients to the hub (${CLIENTS.map((c) => c.id).join(", ")})`,
  );

  // Entry options too: "connected" means "as connect with these options would write it".
  withEntry(client.command("ls").description("list clients: installed, connected, config file")).action(
    async (flags: EntryFlags) => {
      const statuses = await mapped(() => detectClients(targetOptions(flags)));
      print(flags, statuses, () =>
        table([
          ["CLIENT", "NAME", "INSTALLED", "STATUS", "CONFIG"],
          ...statuses.map((s) => [
            s.client,
            s.displayName,
            s.installed ? "yes" : "no",
            statusText(s),
            s.file,
          ]),
        ]),
      );
    },
  );

  withEntry(
    client.command("preview <client>").description("show the change connect (or --disconnect) would make"),
  )
    .option("--disconnect", "preview disconnect instead of connect")
    .option("--force", "replace an entry of our name that MCP Hub did not write")
    .action(async (id: string, flags: EntryFlags & { disconnect?: boolean }) => {
      const options = { ...targetOptions(flags), transport: flags.transport, force: flags.force };
      const preview = await mapped(() =>
        flags.disconnect ? previewDisconnect(id, options) : previewConnect(id, options),
      );
      print(flags, preview, () => {
        if (preview.status === "unchanged") return `No change: ${preview.file} is already as it would be.`;
        if (preview.status === "conflicting")
          return `${preview.file} has an entry of our name that MCP Hub did not write; --force would replace it:\n${JSON.stringify(preview.existing, null, 2)}`;
        return preview.diff.trimEnd();
      });
      // Scripts can tell "would fail" from "would work" without parsing the text.
      if (preview.status === "conflicting") process.exitCode = EXIT.failed;
    });

  withEntry(client.command("connect <client>").description("add the hub to a client's config (backup first)"))
    .option("--force", "replace an entry of our name that MCP Hub did not write")
    .action(async (id: string, flags: EntryFlags) => {
      const result = await mapped(() =>
        connect(id, { ...targetOptions(flags), transport: flags.transport, force: flags.force }),
      );
      print(flags, result, () => {
        if (result.status === "unchanged") return `Already connected: ${result.file}`;
        const lines = [
          `${result.created ? "Created" : "Updated"} ${result.file}`,
          ...(result.backup ? [`Backup of the original: ${result.backup}`] : []),
          result.afterChange,
        ];
        return lines.join("\n");
      });
    });

  withTarget(
    client.command("disconnect <client>").description("remove the hub's entry (restores the original)"),
  )
    .option("--force", "remove an entry of our name even if MCP Hub did not write it")
    .action(async (id: string, flags: EntryFlags) => {
      const result = await mapped(() => disconnect(id, { ...targetOptions(flags), force: flags.force }));
      print(flags, result, () => {
        switch (result.status) {
          case "unchanged":
            return `Not connected: ${result.file} has no MCP Hub entry.`;
          case "removed":
            return `Removed ${result.file} (MCP Hub had created it).\n${result.afterChange}`;
          case "written":
            return `${result.restoredBackup ? "Restored the original" : "Removed the MCP Hub entry from"} ${result.file}\n${result.afterChange}`;
        }
      });
    });

  withTarget(
    client.command("restore <client>").description("put back the backup taken before the first change"),
  ).action(async (id: string, flags: EntryFlags) => {
    const result = await mapped(() => restore(id, targetOptions(flags)));
    if (result.status === "no-backup") {
      if (flags.json) console.log(JSON.stringify(result, null, 2));
      throw new CliError(`no backup at ${result.backup}: nothing to restore`, EXIT.notFound);
    }
    print(flags, result, () => `Restored ${result.file} from ${result.backup}\n${result.afterChange}`);
  });

  return client;
}

import { Command } from "commander";
import type { MigrateScanOutput, Plan, Report, Run } from "@mcp-hub/contracts";
import { findClient } from "../clients/index.js";
import { machine } from "./clientCommands.js";
import { callApi, CliError, EXIT, type HubConnection } from "./hubClient.js";
import {
  confirmed,
  finishRun,
  pickRun,
  planHere,
  runOfServer,
  scanHere,
  type PlanFlags,
  type ScanFlags,
} from "./migrateFlow.js";
import { applyRewrites } from "./migrateRewrites.js";
import { planText, reportText, scanText } from "./migrateText.js";
import { print } from "./print.js";

interface RunFlags extends PlanFlags {
  yes?: boolean;
  verbose?: boolean;
}

const CLIENTS_ARGUMENT = "[clients...]";

function withPlanOptions(command: Command): Command {
  return command
    .option("--only <server...>", "only these servers (by the plan's names or the entries' own)")
    .option("--writable <path...>", "path arguments (as the entry writes them) the server may write to")
    .option("--workspace-folder <dir>", "the folder ${workspaceFolder} stands for")
    .option(
      "--risk <server=level...>",
      "a server's risk level instead of the proposed one (low, medium, high)",
    )
    .option("--json", "print JSON");
}

const runPath = (id: string) => `/migrate/runs/${encodeURIComponent(id)}`;
const planOf = (connection: HubConnection, run: Run) =>
  callApi<Plan>(connection, "GET", `/migrate/plans/${encodeURIComponent(run.plan)}`).catch(() => undefined);

/**
 * `mcp-hub migrate`: the servers a user's clients start themselves, moved into images behind the hub. The client
 * files are read (and rewritten) where this command runs — natively, or in the hub image the host helper starts
 * with the user's home mounted — and the hub does the rest.
 */
export function migrateCommands(connection: () => HubConnection): Command {
  const migrate = new Command("migrate").description(
    "move the MCP servers your clients start themselves behind the hub: scan, plan, run; status, resume, rollback",
  );

  migrate
    .command(`scan ${CLIENTS_ARGUMENT}`)
    .description(
      "read the clients' config files here (all clients when none is named; - reads one file from stdin) and show each entry: kind, source, env names, paths, or why it cannot migrate",
    )
    .option("--workspace-folder <dir>", "the folder ${workspaceFolder} stands for (a local script's)")
    .option("--json", "print JSON")
    .action(async (clients: string[], flags: ScanFlags) => {
      const found = await scanHere(connection(), clients, flags);
      const { scan, folders, read } = found;
      const output: MigrateScanOutput = { scan, folders, absent: read.absent, unreadable: read.unreadable };
      print(flags, output, () => scanText(scan, read, folders));
    });

  withPlanOptions(
    migrate
      .command(`plan ${CLIENTS_ARGUMENT}`)
      .description(
        "show what each entry would become behind the hub, and what stays in the clients; changes nothing",
      ),
  ).action(async (clients: string[], flags: PlanFlags) => {
    const { plan, scan, folders, only } = await planHere(connection(), clients, flags);
    print(flags, { plan, folders }, () => planText(plan, scan, { folders, only }));
  });

  withPlanOptions(
    migrate
      .command(`run ${CLIENTS_ARGUMENT}`)
      .description(
        "migrate: show the plan, ask, build and deploy each server, rewrite the client files here, print the report",
      ),
  )
    .option("--yes", "do not ask (needed where there is no terminal)")
    .option("--verbose", "show the build's log lines")
    .action(async (clients: string[], flags: RunFlags) => {
      if (clients.includes("-"))
        throw new CliError(
          "a run rewrites the files it read: name clients, not - (scan - and plan - show)",
          EXIT.usage,
        );
      const c = connection();
      const { plan, scan, folders, only, env, hints } = await planHere(c, clients, flags);
      if (!flags.json) console.log(planText(plan, scan, { folders, only }));
      const refused = new Set(folders.filter((f) => f.status === "refused").map((f) => f.key));
      const chosen = plan.servers.filter((s) => (!only || only.includes(s.name)) && !refused.has(s.key));
      // An entry left behind for a broken file or a folder not sent is a failure the user has to fix.
      const leftBehind = refused.size > 0 || scan.files.some((f) => f.status === "invalid");
      if (leftBehind) process.exitCode = EXIT.failed;
      if (!chosen.length) {
        if (flags.json) console.log(JSON.stringify({ plan, folders }, null, 2));
        return;
      }
      await confirmed(
        `Migrate ${chosen.map((s) => s.name).join(", ")} behind the hub?`,
        flags.yes,
        "run the plan shown",
      );
      const names = chosen.length === plan.servers.length ? undefined : chosen.map((s) => s.name);
      const run = await callApi<Run>(c, "POST", "/migrate/runs", { plan: plan.id, only: names });
      process.stderr.write(`Run ${run.id} started\n`);
      const { report, applied, ok } = await finishRun(c, run, {
        env,
        plan,
        verbose: flags.verbose,
        json: flags.json,
      });
      if (!ok) process.exitCode = EXIT.failed;
      print(flags, report, () => reportText(report, hints, applied));
    });

  migrate
    .command("status [run]")
    .description("show a run (the latest by default): each server's state, the files, the report")
    .option("--json", "print JSON")
    .action(async (wanted: string | undefined, flags: { json?: boolean }) => {
      const c = connection();
      const run = await pickRun(c, wanted);
      const report = await callApi<Report>(c, "GET", `${runPath(run.id)}/report`);
      const when = `started ${run.startedAt}${run.finishedAt ? `, finished ${run.finishedAt}` : ""}`;
      print(flags, report, () => `${reportText(report, { host: machine().mounted })}\n(${when})`);
    });

  migrate
    .command("resume [run]")
    .description(
      "go on with a run (the latest by default): one a hub restart interrupted, or one waiting for its client files",
    )
    .option("--verbose", "show the build's log lines")
    .option("--json", "print JSON")
    .action(async (wanted: string | undefined, flags: { json?: boolean; verbose?: boolean }) => {
      const c = connection();
      const { env, mounted } = machine();
      let run = await pickRun(c, wanted);
      if (run.state === "done") {
        const report = await callApi<Report>(c, "GET", `${runPath(run.id)}/report`);
        return print(flags, report, () => `Nothing to resume.\n${reportText(report, { host: mounted })}`);
      }
      if (run.state === "interrupted") run = await callApi<Run>(c, "POST", `${runPath(run.id)}/resume`);
      const { report, applied, ok } = await finishRun(c, run, {
        env,
        plan: await planOf(c, run),
        verbose: flags.verbose,
        json: flags.json,
      });
      if (!ok) process.exitCode = EXIT.failed;
      print(flags, report, () => reportText(report, { host: mounted }, applied));
    });

  migrate
    .command("rollback <server>")
    .description("undo a migrated server completely: its entry back in its client file, then the hub's side")
    .option("--yes", "do not ask (needed where there is no terminal)")
    .option("--json", "print JSON")
    .action(async (server: string, flags: { yes?: boolean; json?: boolean }) => {
      const c = connection();
      const { env } = machine();
      const run = await runOfServer(c, server);
      await confirmed(
        `Roll ${server} back (its client entry back, its hub server, image and secrets removed)?`,
        flags.yes,
        "roll it back",
      );
      // A rewrite of the same file still waiting would refuse the rollback's: it is written first.
      if (run.state === "waiting-for-rewrite") await applyRewrites(c, run.id, env);
      let after = await callApi<Run>(c, "POST", `${runPath(run.id)}/rollback`, { server });
      if (after.state === "waiting-for-rewrite") after = (await applyRewrites(c, after.id, env)).run ?? after;
      const state = after.servers.find((s) => s.name === server)?.state;
      // A file other servers are still out of lists those once written: it listed this one before.
      const fileOf = (r: Run) => r.files.find((f) => f.servers.includes(server));
      const file = fileOf(after) ?? fileOf(run);
      if (state !== "rolled-back") process.exitCode = EXIT.failed;
      print(flags, after, () => {
        if (state === "rolled-back") {
          const client = file && findClient(file.origin);
          return [
            `Rolled back ${server}: its entry is back in ${file?.file ?? "its client file"}; the hub's server, image and secrets are removed.`,
            ...(client ? [client.afterChange] : []),
          ].join("\n");
        }
        return `${server} is still migrated: ${file?.error ?? `it is ${state}`}${file?.fix ? `\nfix: ${file.fix}` : ""}`;
      });
    });

  return migrate;
}

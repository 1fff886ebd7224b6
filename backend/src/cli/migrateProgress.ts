import cliProgress from "cli-progress";
import {
  MIGRATION_STEPS,
  type Plan,
  type Run,
  type RunEvent,
  type RunState,
  type ServerRun,
} from "@mcp-hub/contracts";
import { callApi, CliError, EXIT, streamApi, type HubConnection } from "./hubClient.js";
import { serverLine } from "./migrateText.js";

/** Where a run stops needing the hub's attention: done, waiting for this side's rewrites, or stopped by a restart. */
const SETTLED: ReadonlySet<RunState> = new Set(["waiting-for-rewrite", "done", "interrupted"]);
/** Streams the hub closed before the run settled (a proxy's idle timeout, say) are opened again this often. */
const REOPEN_LIMIT = 3;
/** A remote server has no image to build, push or try in a container. */
const REMOTE_STEPS = MIGRATION_STEPS.length - 3;
/** A build, push or handshake line of one server, as the run's event stream sends it. */
type LogLine = Extract<RunEvent, { event: "log" }>["data"];

interface Display {
  server(server: ServerRun): void;
  log(key: string, step: string, line: string): void;
  stop(): void;
}

/** Plain lines on stderr (not a terminal, or --json): one per step change, build log lines under --verbose. */
function lineDisplay(verbose: boolean, nameOf: (key: string) => string): Display {
  const last = new Map<string, string>();
  return {
    server(server) {
      const line = serverLine(server);
      if (server.state === "pending" || last.get(server.key) === line) return;
      last.set(server.key, line);
      process.stderr.write(`${line}\n`);
    },
    log(key, step, line) {
      if (verbose) process.stderr.write(`  ${nameOf(key)} ${step}: ${line}\n`);
    },
    stop: () => undefined,
  };
}

/** A bar per server on a terminal: steps done of its steps, and the step it is at. */
function barDisplay(
  verbose: boolean,
  plan: Plan | undefined,
  run: Run,
  nameOf: (key: string) => string,
): Display {
  const multibar = new cliProgress.MultiBar(
    {
      format: "{name} {bar} {value}/{total} {status}",
      stream: process.stderr,
      hideCursor: true,
      clearOnComplete: false,
      barsize: 24,
    },
    cliProgress.Presets.shades_classic,
  );
  const width = Math.max(...run.servers.map((s) => s.name.length));
  const bars = new Map<string, cliProgress.SingleBar>();
  const totalOf = (key: string) =>
    plan?.servers.find((s) => s.key === key)?.kind === "remote" ? REMOTE_STEPS : MIGRATION_STEPS.length;
  return {
    server(server) {
      if (server.state === "skipped" && !bars.has(server.key)) return;
      const total = totalOf(server.key);
      const status = server.state === "running" ? (server.step ?? "") : server.state;
      const value = server.state === "migrated" ? total : Math.min(server.done.length, total);
      const payload = { name: server.name.padEnd(width), status };
      const bar = bars.get(server.key);
      if (bar) bar.update(value, payload);
      else bars.set(server.key, multibar.create(total, value, payload));
      if (server.state === "failed") multibar.log(`${serverLine(server)}\n`);
    },
    log(key, step, line) {
      if (verbose) multibar.log(`${nameOf(key)} ${step}: ${line}\n`);
    },
    stop: () => multibar.stop(),
  };
}

/**
 * Follows a run through its events until it settles (done, waiting for this side to write the client files, or
 * interrupted), showing each server's progress. Resolves with the run as it settled.
 */
export async function followRun(
  connection: HubConnection,
  start: Run,
  /** The run's plan tells each server's steps (a remote one has fewer); without it, every server has them all. */
  options: { plan?: Plan; verbose?: boolean; bars: boolean },
): Promise<Run> {
  let run = start;
  const nameOf = (key: string) => run.servers.find((s) => s.key === key)?.name ?? key;
  const display = options.bars
    ? barDisplay(Boolean(options.verbose), options.plan, start, nameOf)
    : lineDisplay(Boolean(options.verbose), nameOf);
  const path = `/migrate/runs/${encodeURIComponent(start.id)}`;
  try {
    for (let opened = 0; !SETTLED.has(run.state); opened++) {
      if (opened === REOPEN_LIMIT)
        throw new CliError(
          `the hub kept closing the events of run ${run.id}; it goes on without this command: see it with \`mcp-hub migrate status ${run.id}\``,
          EXIT.failed,
        );
      const stop = new AbortController();
      await streamApi(
        connection,
        "GET",
        `${path}/events`,
        (event, data) => {
          if (event === "run") {
            run = data as Run;
            run.servers.forEach((s) => display.server(s));
            if (SETTLED.has(run.state)) stop.abort();
          } else if (event === "server") {
            const server = data as ServerRun;
            run = { ...run, servers: run.servers.map((s) => (s.key === server.key ? server : s)) };
            display.server(server);
          } else if (event === "log") {
            const { key, step, line } = data as LogLine;
            display.log(key, step, line);
          }
        },
        stop.signal,
      );
      // The stream ended on its own: the run as the hub has it now.
      if (!stop.signal.aborted) run = await callApi<Run>(connection, "GET", path);
    }
  } finally {
    display.stop();
  }
  return run;
}

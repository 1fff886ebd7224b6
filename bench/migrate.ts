/**
 * The migration's rows: a scan of three client files (Claude Desktop, VS Code's JSONC, Cline; p50 of sequential
 * scans), and server-memory migrated end to end through the hub image — scan, plan (npm view), run (build from the
 * cached node base, push, handshake, deploy, validate, the client file rewritten) — first with no image of it, then
 * again, undone by hand, with its image in the local registry. The home is a temporary one, mounted as a
 * standalone hub mounts the user's.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { Plan, Run, Scan } from "@mcp-hub/contracts";
import { docker } from "../backend/test/support/images.js";
import { pollUntil } from "../backend/test/support/poll.js";
import { startMigratingHub, type RegistryHub } from "../backend/test/support/registryHub.js";
import type { FeatureRow } from "./features.js";
import { sequential } from "./measure.js";

const SCANS = Number(process.env.BENCH_MIGRATE_SCANS ?? 20);
const SCAN_TARGET_MS = 1000;
const COLD_TARGET_S = 60;
const CACHED_TARGET_S = 10;
const SERVER = "bench-memory";
/** The version the backend's devDependencies pin: one the npm registry surely has. */
const VERSION = "2026.8.31";

interface ClientFile {
  origin: string;
  file: string;
  text: string;
}

function clientFiles(home: string): ClientFile[] {
  const memory = { command: "npx", args: ["-y", `@modelcontextprotocol/server-memory@${VERSION}`] };
  return [
    {
      origin: "claude-desktop",
      file: join(home, ".config/Claude/claude_desktop_config.json"),
      text: `${JSON.stringify({ mcpServers: { [SERVER]: memory } }, null, 2)}\n`,
    },
    {
      origin: "vscode",
      file: join(home, ".config/Code/User/mcp.json"),
      text: `{\n  // mine\n  "servers": { "asks": { "type": "stdio", "command": "npx", "args": ["-y", "some-server"], "env": { "TOKEN": "\${input:token}" } } },\n}\n`,
    },
    {
      origin: "cline",
      file: join(
        home,
        ".config/Code/User/globalStorage/saoudrizwan.claude-dev/settings/cline_mcp_settings.json",
      ),
      text: `${JSON.stringify({ mcpServers: { web: { url: "https://example.com/mcp" } } }, null, 2)}\n`,
    },
  ];
}

async function expect2xx<T>(hub: RegistryHub, method: string, path: string, body?: unknown): Promise<T> {
  const answer = await hub.api<T>(method, path, body);
  if (answer.status >= 300)
    throw new Error(`${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}

/** Scan, plan and run server-memory: the seconds until the run is done with it migrated, and where they went. */
async function migrateMemory(
  hub: RegistryHub,
  home: string,
  files: ClientFile[],
): Promise<{ seconds: number; phases: string }> {
  const started = performance.now();
  const phases: [string, number][] = [];
  let phase = "scan";
  let phaseStarted = started;
  const enter = (next: string) => {
    if (next === phase) return;
    const at = performance.now();
    phases.push([phase, at - phaseStarted]);
    [phase, phaseStarted] = [next, at];
  };
  const scan = await expect2xx<Scan>(hub, "POST", "/migrate/scans", { platform: "linux", home, files });
  enter("plan");
  const plan = await expect2xx<Plan>(hub, "POST", "/migrate/plans", { scan: scan.id });
  enter("start");
  const run = await expect2xx<Run>(hub, "POST", "/migrate/runs", { plan: plan.id, only: [SERVER] });
  let done = run;
  const finished = await pollUntil(
    async () => {
      done = await expect2xx<Run>(hub, "GET", `/migrate/runs/${run.id}`);
      enter(done.servers.find((s) => s.name === SERVER)?.step ?? "end");
      return done.state === "done" || done.state === "interrupted";
    },
    { timeoutMs: 600_000, intervalMs: 200 }, // under the API rate limit,
  );
  enter("end");
  const seconds = (performance.now() - started) / 1000;
  if (!finished) throw new Error(`migration run ${run.id} still ${done.state} after 10 min`);
  const server = done.servers.find((s) => s.name === SERVER);
  if (server?.state !== "migrated")
    throw new Error(`${SERVER} did not migrate: ${server?.state} at ${server?.step}: ${server?.error}`);
  return { seconds, phases: phases.map(([name, ms]) => `${name} ${(ms / 1000).toFixed(1)}`).join(", ") };
}

export async function measureMigration(log: (line: string) => void): Promise<FeatureRow[]> {
  const home = mkdtempSync(join(tmpdir(), "mcp-hub-bench-migrate-"));
  chmodSync(home, 0o755);
  const files = clientFiles(home);
  const writeFiles = () => {
    for (const { file, text } of files) {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, text);
    }
  };
  writeFiles();
  // No image of the bench's server: the first migration builds it (from the node base, which stays cached).
  const old = (await docker(["images", "-q", "--filter", `label=mcp.server=${SERVER}`])).stdout.split("\n");
  for (const id of new Set(old.filter(Boolean))) await docker(["rmi", "-f", id]);
  const hub = await startMigratingHub(home);
  try {
    const scans = (
      await sequential(() => expect2xx(hub, "POST", "/migrate/scans", { platform: "linux", home, files }), {
        n: SCANS,
        warmup: 2,
      })
    ).latency;
    const cold = await migrateMemory(hub, home, files);
    log(`migration: ${SERVER} built and migrated in ${cold.seconds.toFixed(1)} s (${cold.phases})`);
    // Undone by hand (the file as it was, the server gone), its image left in the registry: migrated again.
    writeFiles();
    await expect2xx(hub, "DELETE", `/servers/${SERVER}`);
    const cached = await migrateMemory(hub, home, files);
    log(`migration: ${SERVER} again, image cached, in ${cached.seconds.toFixed(1)} s (${cached.phases})`);
    return [
      {
        what: "migrate: scan of three client files p50 ms",
        target: `≤ ${SCAN_TARGET_MS} ms`,
        value: scans.p50,
        ok: scans.p50 <= SCAN_TARGET_MS,
        note: `migration scan: p99 ${scans.p99.toFixed(1)} ms over ${SCANS} scans`,
      },
      {
        what: "migrate: server-memory end to end, base cached (s)",
        target: `≤ ${COLD_TARGET_S} s`,
        value: cold.seconds,
        ok: cold.seconds <= COLD_TARGET_S,
        note: `migration, base cached, seconds by step: ${cold.phases}`,
      },
      {
        what: "migrate: server-memory end to end, image cached (s)",
        target: `≤ ${CACHED_TARGET_S} s`,
        value: cached.seconds,
        ok: cached.seconds <= CACHED_TARGET_S,
        note: `migration, image cached, seconds by step: ${cached.phases}`,
      },
    ];
  } finally {
    await hub.dispose();
    rmSync(home, { recursive: true, force: true });
  }
}

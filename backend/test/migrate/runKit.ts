/**
 * A migration over a temporary home and data dir: the real store, secret store, client-file writes and ledger; the
 * fake packager and hub of fakes.ts. Client files are written where the clients module looks for them on Linux.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { expect, vi } from "vitest";
import type { Choice, Plan, RegistryStatus, Run, RunEvent, ScanRequest } from "@mcp-hub/contracts";
import { createSecretStore, type SecretStore } from "../../src/config/index.js";
import { createLogger } from "../../src/log/index.js";
import { createMigrations, type Migrations } from "../../src/migrate/index.js";
import { FakeHub, FakePackager } from "./fakes.js";

export const USER_HOME = "/home/ann";
export const CLAUDE_FILE = `${USER_HOME}/.config/Claude/claude_desktop_config.json`;
export const VSCODE_FILE = `${USER_HOME}/.config/Code/User/mcp.json`;
export const GITHUB_TOKEN = "ghp_Sup3rSecretValue42";
export const REMOTE_TOKEN = "Bearer rem0te-t0ken-value";

export const CLAUDE_TEXT = `{
  "mcpServers": {
    "memory": { "command": "npx", "args": ["-y", "@modelcontextprotocol/server-memory"] },
    "github": {
      "command": "npx",
      "args": ["-y", "@modelcontextprotocol/server-github"],
      "env": { "GITHUB_TOKEN": "${GITHUB_TOKEN}" }
    },
    "filesystem": { "command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem", "/home/ann/notes"] },
    "weather": { "command": "npx", "args": ["-y", "weather-mcp"] },
    "remote": { "url": "https://mcp.example.com/mcp", "headers": { "Authorization": "${REMOTE_TOKEN}" } },
    "weird": { "command": "/opt/bin/thing" }
  },
  "globalShortcut": "Ctrl+Space"
}
`;

export const VSCODE_TEXT = `{
  // my servers, by hand
  "servers": {
    "time": { "type": "stdio", "command": "npx", "args": ["-y", "time-mcp"] }, // keep this comment
    /* asks for a key */
    "asks": { "type": "stdio", "command": "npx", "args": ["-y", "pkg"], "env": { "KEY": "\${input:key}" } },
  },
  "inputs": [{ "type": "promptString", "id": "key", "password": true }],
}
`;

export interface RunKit {
  migrations: Migrations;
  hub: FakeHub;
  packager: FakePackager;
  secrets: SecretStore;
  dataDir: string;
  hostHome: string;
  /** The path on this machine of a file the client sees at `file`. */
  local(file: string): string;
  read(file: string): string;
  write(file: string, text: string): void;
  /** Scans the given files (as the host helper would send them) and plans with the choices. */
  scanAndPlan(files: string[], choices?: Record<string, Choice>): Promise<Plan>;
  /** Starts a run and collects its events until it reaches one of the states. */
  run(
    plan: Plan,
    options?: { only?: string[]; until?: Run["state"][] },
  ): Promise<{ run: Run; events: RunEvent[] }>;
  /** Every file under the data dir, as text (what a hub leaves on disk). */
  dataFiles(): string;
  /** A second migration over the same disk, as a restarted hub builds it. */
  restart(): Promise<RunKit>;
  close(): void;
}

export async function startRunKit(
  options: {
    writable?: boolean;
    hub?: FakeHub;
    packager?: FakePackager;
    registry?: RegistryStatus;
    /** Remote URLs that answer with an OAuth challenge. */
    oauthUrls?: string[];
    dirs?: { data: string; home: string };
  } = {},
): Promise<RunKit> {
  const dataDir = options.dirs?.data ?? mkdtempSync(join(tmpdir(), "mcp-hub-migrate-"));
  const hostHome = options.dirs?.home ?? mkdtempSync(join(tmpdir(), "mcp-hub-home-"));
  const hub = options.hub ?? new FakeHub([{ name: "registry", kind: "builtin" } as never]);
  const packager = options.packager ?? new FakePackager();
  const secrets = createSecretStore({ dataDir });
  const local = (file: string) => join(hostHome, file.slice(USER_HOME.length));
  const migrations = createMigrations({
    dataDir,
    control: hub.control,
    secrets,
    packager,
    registryStatus: () => options.registry ?? { state: "running", port: 5000, wantedPort: 5000 },
    probes: {
      resolveNpm: async (spec) => ({ name: spec.replace(/(.)@.*$/, "$1"), version: "1.2.3" }),
      resolvePython: async () => ({ error: "PyPI is not reachable from the hub" }),
      probeRemote: async (url) => ({ needsOAuth: options.oauthUrls?.includes(url) ?? false }),
    },
    imageName: (repository, tag) => `127.0.0.1:5000/${repository}:${tag}`,
    host:
      options.writable === false
        ? { ok: false, missing: true, reason: "no host home" }
        : { ok: true, mount: { mount: hostHome, platform: "linux", home: USER_HOME, env: {} } },
    log: createLogger({ level: "silent" }),
    timeouts: { validateMs: 2_000 },
  });
  await migrations.load();

  const kit: RunKit = {
    migrations,
    hub,
    packager,
    secrets,
    dataDir,
    hostHome,
    local,
    read: (file) => readFileSync(local(file), "utf8"),
    write(file, text) {
      mkdirSync(dirname(local(file)), { recursive: true });
      writeFileSync(local(file), text);
    },
    async scanAndPlan(files, choices = {}) {
      const request: ScanRequest = {
        platform: "linux",
        home: USER_HOME,
        files: files.map((file) => ({
          origin: file === VSCODE_FILE ? "vscode" : "claude-desktop",
          file,
          text: kit.read(file),
        })),
      };
      const scan = await migrations.scan(request);
      return migrations.plan({ scan: scan.id, choices });
    },
    async run(plan, { only, until = ["done", "waiting-for-rewrite"] } = {}) {
      const events: RunEvent[] = [];
      const started = await migrations.start({ plan: plan.id, only });
      migrations.subscribe(started.id, (event) => events.push(structuredClone(event)));
      await vi.waitFor(() => expect(until).toContain(migrations.run(started.id).state), { timeout: 10_000 });
      return { run: migrations.run(started.id), events };
    },
    dataFiles: () => readTree(dataDir),
    restart: () => {
      migrations.close();
      return startRunKit({ ...options, hub, packager, dirs: { data: dataDir, home: hostHome } });
    },
    close() {
      migrations.close();
      rmSync(dataDir, { recursive: true, force: true });
      rmSync(hostHome, { recursive: true, force: true });
    },
  };
  return kit;
}

function readTree(dir: string): string {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile())
    .map((path) => `${path}\n${readFileSync(path, "latin1")}`)
    .join("\n");
}

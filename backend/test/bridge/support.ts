/**
 * Helpers for the bridge and client-wiring suites: a private network on which the test hub answers to `mcp-hub`
 * (the name client configs use), the CLI run from source with a temp HOME, and a raw bridge process.
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { randomBytes } from "node:crypto";
import { EventEmitter } from "node:events";
import { mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";
import { runId, TEST_LABEL } from "../support/docker.js";
import type { HubContainer } from "../support/hubContainer.js";
import { docker, TEST_IMAGES } from "../support/images.js";

export const BRIDGE_IMAGE = process.env.BRIDGE_IMAGE ?? "mcp-hub-bridge:latest";
export const BACKEND_DIR = fileURLToPath(new URL("../../", import.meta.url));
export const REPO_DIR = fileURLToPath(new URL("../../../", import.meta.url));
const CLI_TS = join(BACKEND_DIR, "src/cli.ts");

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

export function run(
  command: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string } = {},
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      env: options.env,
      cwd: options.cwd,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

/** An environment for "the user's machine": HOME is the temp home, nothing else points elsewhere. */
export function userEnv(home: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, ...extra };
  for (const name of ["XDG_CONFIG_HOME", "CLAUDE_CONFIG_DIR", "HUB_HOST_HOME", "MCP_HUB_TOKEN"])
    delete env[name];
  return env;
}

/** `mcp-hub …` from source, as a user would run the CLI on their machine. */
export function cli(args: string[], home: string): Promise<Run> {
  return run(process.execPath, ["--import", "tsx", CLI_TS, ...args], {
    env: userEnv(home),
    cwd: BACKEND_DIR,
  });
}

/** A temp home in which the given apps look installed (their config directories exist). */
export function tempHome(dirs: string[] = [".config/Claude"]): string {
  const home = mkdtempSync(join(tmpdir(), "mcp-hub-home-"));
  for (const dir of dirs) mkdirSync(join(home, dir), { recursive: true });
  return home;
}

export interface TestNetwork {
  name: string;
  /** Gives the hub the alias `mcp-hub` on this network. */
  attachHub(hub: HubContainer): Promise<void>;
  remove(): Promise<void>;
}

/**
 * A labelled network of our own. The hub joins it as `mcp-hub`, so the bridge's default URL reaches the test hub
 * (and passes its Host check) without touching the shared `mcp-hub` network, where a real hub may be running.
 */
export async function testNetwork(): Promise<TestNetwork> {
  const name = `mcp-hub-bt-${randomBytes(4).toString("hex")}`;
  const created = await docker(["network", "create", "--label", `${TEST_LABEL}=${runId()}`, name]);
  if (created.code !== 0) throw new Error(created.stderr);
  return {
    name,
    async attachHub(hub) {
      const res = await docker(["network", "connect", "--alias", "mcp-hub", name, hub.name]);
      if (res.code !== 0) throw new Error(res.stderr);
    },
    async remove() {
      // Bridge containers are started by clients from config files, so they carry no test label: they are
      // --rm, and anything left is found by its network.
      const left = await docker([
        "ps",
        "-aq",
        "--filter",
        `network=${name}`,
        "--filter",
        `ancestor=${BRIDGE_IMAGE}`,
      ]);
      const ids = left.stdout.split("\n").filter(Boolean);
      if (ids.length) await docker(["rm", "-f", "-v", ...ids]);
      const hubs = await docker([
        "network",
        "inspect",
        name,
        "--format",
        "{{range .Containers}}{{.Name}} {{end}}",
      ]);
      for (const c of hubs.stdout.split(/\s+/).filter(Boolean))
        await docker(["network", "disconnect", "-f", name, c]);
      await docker(["network", "rm", name]);
    },
  };
}

export async function addFixture(hub: HubContainer, name = "fx"): Promise<void> {
  const added = await hub.api<{ state: string }>("POST", "/servers", {
    name,
    kind: "image",
    image: TEST_IMAGES.fixture,
  });
  expect(added.status, JSON.stringify(added.body)).toBe(201);
  expect(added.body.state).toBe("ready");
}

/** `docker run` argv of a bridge on a network, authenticating with the hub's data dir (mounted read-only). */
export function bridgeRunArgs(network: string, dataDir: string, extra: string[] = []): string[] {
  return [
    "run",
    "-i",
    "--rm",
    "--init",
    "--pull",
    "never",
    "--label",
    `${TEST_LABEL}=${runId()}`,
    "--network",
    network,
    "-v",
    `${dataDir}:/data:ro`,
    BRIDGE_IMAGE,
    ...extra,
  ];
}

/** A bridge process spoken to line by line, for the checks an SDK client would hide (stdout bytes, exit code). */
export class RawBridge {
  readonly child: ChildProcessWithoutNullStreams;
  readonly lines: string[] = [];
  stderr = "";
  private stdoutBuffer = "";
  readonly exited: Promise<number>;
  private readonly events = new EventEmitter();

  constructor(args: string[]) {
    this.child = spawn("docker", args, { stdio: ["pipe", "pipe", "pipe"] });
    this.child.stdout.on("data", (d: Buffer) => {
      this.stdoutBuffer += d.toString();
      let nl: number;
      while ((nl = this.stdoutBuffer.indexOf("\n")) >= 0) {
        const line = this.stdoutBuffer.slice(0, nl);
        this.stdoutBuffer = this.stdoutBuffer.slice(nl + 1);
        this.lines.push(line);
        this.events.emit("line", line);
      }
    });
    this.child.stderr.on("data", (d: Buffer) => (this.stderr += d.toString()));
    this.exited = new Promise((resolve) => this.child.on("close", (code) => resolve(code ?? -1)));
  }

  get rawStdoutTail(): string {
    return this.stdoutBuffer;
  }

  send(message: object): void {
    this.child.stdin.write(`${JSON.stringify(message)}\n`);
  }

  /** Resolves with the parsed line answering `id` (waits on stdout lines, not on a timer). */
  response(id: number | string, timeoutMs = 60_000): Promise<Record<string, unknown>> {
    return new Promise((resolve, reject) => {
      const match = (line: string) => {
        const parsed = JSON.parse(line) as Record<string, unknown>;
        return parsed.id === id && !("method" in parsed) ? parsed : undefined;
      };
      for (const line of this.lines) {
        const found = match(line);
        if (found) return resolve(found);
      }
      const onLine = (line: string) => {
        const found = match(line);
        if (!found) return;
        clearTimeout(timer);
        this.events.off("line", onLine);
        resolve(found);
      };
      const timer = setTimeout(() => {
        this.events.off("line", onLine);
        reject(new Error(`no response to ${id} within ${timeoutMs} ms; stderr:\n${this.stderr}`));
      }, timeoutMs);
      this.events.on("line", onLine);
    });
  }

  /** Resolves when stderr contains `pattern`. */
  stderrMatching(pattern: RegExp, timeoutMs = 30_000): Promise<void> {
    return new Promise((resolve, reject) => {
      if (pattern.test(this.stderr)) return resolve();
      const onData = () => {
        if (!pattern.test(this.stderr)) return;
        clearTimeout(timer);
        this.child.stderr.off("data", onData);
        resolve();
      };
      const timer = setTimeout(() => {
        this.child.stderr.off("data", onData);
        reject(new Error(`stderr never matched ${pattern}:\n${this.stderr}`));
      }, timeoutMs);
      this.child.stderr.on("data", onData);
    });
  }

  endInput(): void {
    this.child.stdin.end();
  }

  kill(): void {
    this.child.kill("SIGKILL");
  }
}

export { INITIALIZE } from "../hub/hubKit.js";

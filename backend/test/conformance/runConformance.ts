/**
 * Runs `@modelcontextprotocol/conformance@0.1.13 server` against a URL and reads its per-scenario checks.json
 * files (`-o`) rather than scraping the pretty output. A scenario fails when any check is FAILURE or WARNING:
 * that is how the tool grades against a baseline (its plain summary shows a warned scenario as ✓).
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const CONFORMANCE_BIN = fileURLToPath(
  new URL("../../../node_modules/.bin/conformance", import.meta.url),
);
/** The checked-in list of scenarios the fixture server is expected to fail (see the file for reasons). */
export const BASELINE_PATH = fileURLToPath(new URL("./baseline.yml", import.meta.url));
const RUN_TIMEOUT_MS = 5 * 60_000; // the whole active suite takes ~3 s against a local server

export interface ConformanceOptions {
  url: string;
  suite?: "active" | "all" | "pending";
  /** Run only these, one process each; overrides suite. */
  scenarios?: string[];
  /** YAML baseline (`server: [scenario, …]`) passed as --expected-failures. */
  expectedFailures?: string;
  timeoutMs?: number;
}

export interface ScenarioNote {
  scenario: string;
  detail: string;
}

export interface ConformanceResult {
  passed: string[];
  failed: ScenarioNote[];
  raw: string;
  /** The tool's exit code; with a baseline, 0 means "only expected failures, none stale". */
  exitCode: number;
}

interface Check {
  id: string;
  name: string;
  status: "SUCCESS" | "FAILURE" | "WARNING" | "INFO" | string;
  errorMessage?: string;
  description?: string;
}

function runOnce(args: string[], timeoutMs: number): Promise<{ code: number; output: string }> {
  if (!existsSync(CONFORMANCE_BIN)) throw new Error(`conformance CLI not found at ${CONFORMANCE_BIN}`);
  return new Promise((resolve, reject) => {
    const child = spawn(CONFORMANCE_BIN, args, {
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, NO_COLOR: "1" },
    });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("error", (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal ? 124 : 1), output });
    });
  });
}

// Output dirs are `server-<scenario>-<ISO time with - for :>`.
const RESULT_DIR = /^server-(.+)-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z$/;
const SUMMARY_LINE = /^[✓✗]\s+([a-z0-9-]+):/gm;

const describeChecks = (checks: Check[]) =>
  checks.map((c) => `${c.status} ${c.name}: ${c.errorMessage ?? c.description ?? ""}`).join("; ");

export async function runConformance(options: ConformanceOptions): Promise<ConformanceResult> {
  const outDir = await mkdtemp(join(tmpdir(), "mcp-hub-conformance-"));
  const timeoutMs = options.timeoutMs ?? RUN_TIMEOUT_MS;
  const common = ["server", "--url", options.url, "-o", outDir];
  if (options.expectedFailures) common.push("--expected-failures", options.expectedFailures);
  try {
    const runs = options.scenarios
      ? options.scenarios.map((s) => [...common, "--scenario", s])
      : [[...common, "--suite", options.suite ?? "active"]];
    let raw = "";
    let exitCode = 0;
    for (const args of runs) {
      const { code, output } = await runOnce(args, timeoutMs);
      raw += output;
      exitCode = Math.max(exitCode, code);
    }

    const results = new Map<string, Check[]>();
    for (const dir of await readdir(outDir)) {
      const scenario = RESULT_DIR.exec(dir)?.[1];
      const file = join(outDir, dir, "checks.json");
      if (scenario && existsSync(file))
        results.set(scenario, JSON.parse(await readFile(file, "utf8")) as Check[]);
    }
    // A scenario that crashed before writing checks.json still counts: it was asked for, or it is in the summary.
    const expected = new Set([
      ...(options.scenarios ?? []),
      ...[...raw.matchAll(SUMMARY_LINE)].map((m) => m[1] ?? ""),
    ]);
    expected.delete("");

    const passed: string[] = [];
    const failed: ScenarioNote[] = [];
    for (const scenario of new Set([...expected, ...results.keys()])) {
      const checks = results.get(scenario);
      if (!checks) {
        failed.push({ scenario, detail: "no checks.json written (scenario crashed or timed out)" });
        continue;
      }
      const bad = checks.filter((c) => c.status === "FAILURE" || c.status === "WARNING");
      if (bad.length) failed.push({ scenario, detail: describeChecks(bad) });
      else passed.push(scenario);
    }
    return { passed: passed.sort(), failed, raw, exitCode };
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}

/** Reads the scenario names listed under `server:` in a baseline file (the simple list form the tool accepts). */
export async function readBaseline(path: string = BASELINE_PATH): Promise<string[]> {
  const lines = (await readFile(path, "utf8")).split("\n");
  const names: string[] = [];
  let inServer = false;
  for (const line of lines) {
    if (/^\S/.test(line)) inServer = /^server:/.test(line);
    const item = inServer ? /^\s+-\s+([a-z0-9-]+)/.exec(line) : null;
    if (item?.[1]) names.push(item[1]);
  }
  return names;
}

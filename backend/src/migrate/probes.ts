import { execFile } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { errorMessage } from "../errors/index.js";
import type { PlanDeps, Resolution } from "./plan.js";

const NPM_TIMEOUT_MS = 30_000; // npm view of one package: a slow mirror answers within this
const PYPI_TIMEOUT_MS = 3_000; // PyPI is often unreachable (offline, air-gapped): the plan says so fast
const REMOTE_TIMEOUT_MS = 5_000;
const PYPI_URL = "https://pypi.org";
/** A registry package name with an optional version or range: never an option, a path, a URL or a git spec. */
const NPM_SPEC = /^(@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*(@[\w.^~<>=*| -]+)?$/i;
const PYTHON_SPEC = /^([A-Za-z0-9][\w.-]*)(?:\[[\w,.-]+\])?(?:(?:==|@)([\w.!+-]+))?$/;

export interface ProbeOptions {
  /** npm registry mirror (npm_config_registry for `npm view`). */
  npmRegistry?: string;
  /** A PEM file of extra CA certificates (a TLS-intercepting proxy's), trusted by npm and the probes. */
  extraCaCerts?: string;
  /** PyPI or a mirror of its JSON API. */
  pypiUrl?: string;
  /** The npm command (tests point it elsewhere). */
  npm?: string;
}

/**
 * What planning asks the outside world: a package's exact version now (`npm view`, run as a child process with the
 * build's CA and mirror; PyPI's JSON API), and whether a remote server wants an OAuth sign-in.
 */
export function createProbes(
  options: ProbeOptions = {},
): Pick<PlanDeps, "resolveNpm" | "resolvePython" | "probeRemote"> {
  return {
    resolveNpm: (spec) => resolveNpm(spec, options),
    resolvePython: (spec) => resolvePython(spec, options),
    probeRemote,
  };
}

function resolveNpm(spec: string, options: ProbeOptions): Promise<Resolution> {
  if (!NPM_SPEC.test(spec))
    return Promise.resolve({
      error: `${spec} is not a package of the npm registry (git, file and URL specs cannot be pinned): install it another way`,
    });
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    npm_config_cache: join(tmpdir(), "mcp-hub-npm-cache"),
    npm_config_update_notifier: "false",
    ...(options.npmRegistry ? { npm_config_registry: options.npmRegistry } : {}),
    // Added to Node's own roots (npm's cafile would replace them).
    ...(options.extraCaCerts ? { NODE_EXTRA_CA_CERTS: options.extraCaCerts } : {}),
  };
  return new Promise((resolve) => {
    execFile(
      options.npm ?? "npm",
      ["view", "--json", "--", spec, "name", "version"],
      { env, timeout: NPM_TIMEOUT_MS, maxBuffer: 4 * 1024 * 1024 },
      (error, stdout) => {
        const answer = parse(stdout);
        // A range gives every version it matches, in the registry's order: npx would take the highest.
        const found = Array.isArray(answer) ? answer.sort(byVersion).at(-1) : answer;
        if (found && typeof found.version === "string" && typeof found.name === "string")
          return resolve({ name: found.name, version: found.version });
        const code = answer && !Array.isArray(answer) ? answer.error?.code : undefined;
        if (code === "E404") return resolve({ error: `npm has no package ${spec}` });
        if (!error && !stdout.trim()) return resolve({ error: `npm has no version of ${spec}` });
        resolve({
          error: `npm view ${spec} failed (${answer && !Array.isArray(answer) ? (answer.error?.summary ?? code) : errorMessage(error)}): check the npm registry is reachable from the hub (a mirror: HUB_NPM_REGISTRY; a proxy's CA: HUB_EXTRA_CA_CERTS)`,
        });
      },
    );
  });
}

/** Orders npm's (valid semver) versions: numeric major.minor.patch, a prerelease before its release. */
function byVersion(a: NpmAnswer, b: NpmAnswer): number {
  const parts = (v: unknown) => {
    const [core = "", pre] = String(v).split(/-(.*)/s);
    return { numbers: core.split(".").map(Number), pre };
  };
  const [x, y] = [parts(a.version), parts(b.version)];
  for (let i = 0; i < 3; i++)
    if (x.numbers[i] !== y.numbers[i]) return (x.numbers[i] ?? 0) - (y.numbers[i] ?? 0);
  if (x.pre === y.pre) return 0;
  return x.pre === undefined ? 1 : y.pre === undefined ? -1 : x.pre.localeCompare(y.pre);
}

/** fetch says "fetch failed"; the cause's code says why (ENOTFOUND, ECONNREFUSED, a timeout). */
function fetchFailure(error: unknown): string {
  const code = (error as { cause?: { code?: unknown } }).cause?.code;
  return typeof code === "string" ? `${errorMessage(error)}: ${code}` : errorMessage(error);
}

type NpmAnswer = { name?: unknown; version?: unknown; error?: { code?: string; summary?: string } };

function parse(stdout: string): NpmAnswer | NpmAnswer[] | undefined {
  try {
    return JSON.parse(stdout) as NpmAnswer | NpmAnswer[];
  } catch {
    return undefined;
  }
}

async function resolvePython(spec: string, options: ProbeOptions): Promise<Resolution> {
  const match = PYTHON_SPEC.exec(spec);
  if (!match) return { error: `${spec} is not a package name of PyPI (a path or URL cannot be pinned)` };
  const [, name, pinned] = match as unknown as [string, string, string | undefined];
  const base = options.pypiUrl ?? PYPI_URL;
  const url = `${base}/pypi/${encodeURIComponent(name)}/${pinned ? `${encodeURIComponent(pinned)}/` : ""}json`;
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(PYPI_TIMEOUT_MS) });
  } catch (error) {
    return {
      error: `PyPI (${base}) is not reachable from the hub (${fetchFailure(error)}): python packages cannot be built here; a local python script that needs only the standard library still migrates`,
    };
  }
  if (response.status === 404) return { error: `PyPI has no package ${spec}` };
  if (!response.ok) return { error: `PyPI answered ${response.status} for ${spec}` };
  const body = (await response.json()) as { info?: { name?: string; version?: string } };
  const version = body.info?.version;
  if (!version) return { error: `PyPI gave no version of ${spec}` };
  return { name: body.info?.name ?? name, version };
}

/** A 401 with a Bearer challenge to a request without credentials = the server wants an OAuth sign-in. */
async function probeRemote(
  url: string,
  headers: Record<string, string>,
): Promise<{ needsOAuth: boolean; detail?: string }> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        accept: "application/json, text/event-stream",
        ...headers,
      },
      body: JSON.stringify({
        jsonrpc: "2.0",
        id: 1,
        method: "initialize",
        params: {
          protocolVersion: "2025-06-18",
          capabilities: {},
          clientInfo: { name: "mcp-hub-migration-probe", version: "1" },
        },
      }),
      signal: AbortSignal.timeout(REMOTE_TIMEOUT_MS),
    });
  } catch (error) {
    return { needsOAuth: false, detail: `${url} did not answer the hub (${fetchFailure(error)})` };
  }
  await response.body?.cancel().catch(() => undefined);
  if (response.status !== 401) return { needsOAuth: false };
  const challenge = response.headers.get("www-authenticate") ?? "";
  const sentCredentials = Object.keys(headers).some((h) => h.toLowerCase() === "authorization");
  if (/^\s*bearer\b/i.test(challenge) && !sentCredentials)
    return { needsOAuth: true, detail: "it answered 401 with a Bearer challenge" };
  return {
    needsOAuth: false,
    detail: `${url} refused the entry's credentials (401): check them before migrating`,
  };
}

/**
 * Small Docker helpers every integration suite shares. They use the docker CLI (tests only; backend/src talks to
 * Docker through runtime/). Everything a test creates carries `mcp-hub.test=<run id>` so teardown can find it.
 */
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { docker } from "./images.js";

export const TEST_LABEL = "mcp-hub.test";
/** Set by globalSetup: the run id, and whether a Docker engine answered ("1") or not ("0"). */
export const RUN_ID_ENV = "MCP_HUB_TEST_RUN_ID";
export const DOCKER_ENV = "MCP_HUB_TEST_DOCKER";

declare module "vitest" {
  export interface ProvidedContext {
    mcpHubTestRunId: string;
    mcpHubTestDocker: boolean;
  }
}

export function newRunId(): string {
  return `run-${Date.now().toString(36)}-${randomBytes(3).toString("hex")}`;
}

/** The run id globalSetup chose; a file run without globalSetup gets its own, fixed for the process. */
export function runId(): string {
  process.env[RUN_ID_ENV] ??= newRunId();
  return process.env[RUN_ID_ENV];
}

/** Labels for anything a test creates; pass them to `docker run --label` or the runtime's WorkloadSpec. */
export function testLabels(extra: Record<string, string> = {}): Record<string, string> {
  return { [TEST_LABEL]: runId(), ...extra };
}

/** `--label k=v` pairs for the docker CLI. */
export function labelArgs(labels: Record<string, string> = testLabels()): string[] {
  return Object.entries(labels).flatMap(([k, v]) => ["--label", `${k}=${v}`]);
}

/**
 * Synchronous so suites can write `describe.skipIf(!dockerAvailable())` at module level. Trusts globalSetup's
 * verdict when present, otherwise asks the engine once.
 */
export function dockerAvailable(): boolean {
  const known = process.env[DOCKER_ENV];
  if (known === "1" || known === "0") return known === "1";
  const ok =
    spawnSync("docker", ["info", "--format", "{{.ServerVersion}}"], { stdio: "ignore", timeout: 20_000 })
      .status === 0;
  process.env[DOCKER_ENV] = ok ? "1" : "0";
  return ok;
}

/** What a clean-up removed, by name: whatever a test left behind says which test to look at. */
export interface Removed {
  containers: string[];
  networks: string[];
  volumes: string[];
}

async function listNames(kind: "container" | "network" | "volume", id: string): Promise<string[]> {
  const filter = ["--filter", `label=${TEST_LABEL}=${id}`];
  const args =
    kind === "container"
      ? ["ps", "-a", ...filter, "--format", "{{.Names}}"]
      : [kind, "ls", ...filter, "--format", "{{.Name}}"];
  const res = await docker(args);
  if (res.code !== 0) throw new Error(`docker ${args.join(" ")} failed: ${res.stderr}`);
  return res.stdout
    .split("\n")
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Removes every container, then network, then volume labelled `mcp-hub.test=<id>` (containers first: they pin the rest). */
export async function removeLabelled(id: string = runId()): Promise<Removed> {
  const containers = await listNames("container", id);
  if (containers.length) await docker(["rm", "-f", "-v", ...containers]);
  const networks = await listNames("network", id);
  for (const n of networks) await docker(["network", "rm", n]);
  const volumes = await listNames("volume", id);
  if (volumes.length) await docker(["volume", "rm", "-f", ...volumes]);
  return { containers, networks, volumes };
}

/** Host port Docker published for a container port (`-p 127.0.0.1::<port>`). */
export async function publishedPort(container: string, containerPort: number): Promise<number> {
  const res = await docker(["port", container, `${containerPort}/tcp`]);
  const match = /:(\d+)\s*$/m.exec(res.stdout.split("\n")[0] ?? "");
  if (res.code !== 0 || !match)
    throw new Error(`no published port for ${container}:${containerPort}: ${res.stderr}`);
  return Number(match[1]);
}

/** The address at which a container on `network` reaches this process (a server a test runs, as one on the LAN). */
export async function networkGateway(network: string): Promise<string> {
  const res = await docker([
    "network",
    "inspect",
    network,
    "--format",
    "{{range .IPAM.Config}}{{.Gateway}}{{end}}",
  ]);
  const gateway = res.stdout.trim();
  if (res.code !== 0 || !gateway) throw new Error(`no gateway for network ${network}: ${res.stderr}`);
  return gateway;
}

/**
 * A hub container that keeps its own registry (HUB_REGISTRY_IMAGE, a name and volume of its own), and images built
 * FROM scratch with a payload of a chosen size, pushed to it from this engine. No vitest here: the bench uses it too.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { removeLabelled } from "./docker.js";
import { startHubContainer, type HubContainer } from "./hubContainer.js";
import { docker } from "./images.js";
import { pollUntil } from "./poll.js";
import { freePort } from "./ports.js";

export const REGISTRY_IMAGE = process.env.REGISTRY_IMAGE ?? "mcp-hub-registry:dev";
const REGISTRY_BASE = "mcp-hub/registry-base:2";

export type RegistryStatus = { state: string; port?: number; wantedPort?: number; error?: string };

export interface RegistryHub extends HubContainer {
  registryName: string;
  /** The port the registry runs on (after any fallback), once waitForRegistry() saw it. */
  registryPort: number;
  status(): Promise<RegistryStatus>;
  /** Waits (60 s at most) for the registry to run and answer /v2/. */
  waitForRegistry(): Promise<RegistryStatus>;
  /** Removes the hub, its servers, the registry and the registry's volume. */
  dispose(): Promise<void>;
}

let counter = 0;

async function checked(args: string[]): Promise<string> {
  const result = await docker(args);
  if (result.code !== 0) throw new Error(`docker ${args.join(" ")}: ${result.stderr}`);
  return result.stdout;
}

export async function startRegistryHub(options: {
  port: number;
  env?: Record<string, string>;
  /** Extra bind mounts, as startHubContainer takes them. */
  volumes?: string[];
}): Promise<RegistryHub> {
  const registryName = `mcp-hub-registry-t${process.pid}-${Date.now().toString(36)}${counter++}`;
  const hub = await startHubContainer({
    env: {
      HUB_REGISTRY_IMAGE: REGISTRY_IMAGE,
      HUB_REGISTRY_NAME: registryName,
      HUB_REGISTRY_PORT: String(options.port),
      ...options.env,
    },
    volumes: options.volumes,
  });
  const status = async () => (await hub.api<{ registry: RegistryStatus }>("GET", "/status")).body.registry;
  const answers = async (port: number | undefined) =>
    port !== undefined &&
    (await fetch(`http://127.0.0.1:${port}/v2/`, { signal: AbortSignal.timeout(2000) }).then(
      (r) => r.status === 200,
      () => false,
    ));
  const result: RegistryHub = Object.assign(hub, {
    registryName,
    registryPort: options.port,
    status,
    async waitForRegistry() {
      let last: RegistryStatus | undefined;
      const running = await pollUntil(
        async () => {
          last = await status();
          return last.state === "running" && (await answers(last.port));
        },
        { timeoutMs: 60_000, intervalMs: 250 },
      );
      if (!running) throw new Error(`the registry did not run within 60 s: ${JSON.stringify(last)}`);
      result.registryPort = last!.port!;
      return last!;
    },
    async dispose() {
      await hub.remove();
      await removeLabelled(hub.selector);
      await docker(["rm", "-f", "-v", registryName]);
      await docker(["volume", "rm", registryName]);
    },
  });
  return result;
}

/** The machine's CA bundle: npm inside migration builds trusts it (TLS-intercepting proxies). */
const HOST_CA = "/etc/ssl/certs/ca-certificates.crt";

/**
 * A hub that migrates the servers of a user whose home is `home`, as `make run` starts it here: the home mounted at
 * the same path's stand-in, the local bases to build from and the machine's CA for npm; its registry running.
 */
export async function startMigratingHub(home: string): Promise<RegistryHub> {
  const hub = await startRegistryHub({
    port: await freePort(),
    volumes: [`${home}:/host-home`, `${HOST_CA}:/etc/mcp-hub/extra-ca.pem:ro`],
    env: {
      HUB_HOST_HOME: "/host-home",
      HUB_HOST_PLATFORM: "linux",
      HUB_HOST_USER_HOME: home,
      HUB_EXTRA_CA_CERTS: "/etc/mcp-hub/extra-ca.pem",
      HUB_NODE_BASE: "mcp-hub/node-base:24",
      HUB_PYTHON_BASE: "mcp-hub/python-base:3.11",
    },
  });
  await hub.waitForRegistry();
  return hub;
}

export interface SampleImages {
  kept: { digest: string };
  doomed: { digest: string };
}

/**
 * The images the registry suites start from: mcp/kept:1.0 (200 kB, labelled with a server and a risk level) and
 * mcp/doomed:2.0 (3 MB, also tagged stable: one digest, two tags), pushed once the hub's registry runs.
 */
export async function pushSampleImages(hub: RegistryHub): Promise<SampleImages> {
  await hub.waitForRegistry();
  const kept = await pushImage(hub.registryPort, "mcp/kept", "1.0", {
    labels: { "mcp.server": "kept", "mcp.governance.level": "medium" },
    payloadBytes: 200_000,
  });
  const doomed = await pushImage(hub.registryPort, "mcp/doomed", "2.0", {
    payloadBytes: 3_000_000,
    alsoAs: ["stable"],
  });
  return { kept, doomed };
}

/**
 * Builds an image holding `payloadBytes` of random data, labelled, FROM scratch (or `from`, a local image such as an
 * MCP server's, to push one that runs), and pushes it as repo:tag. The local names go again, so using the image
 * means pulling it from the registry.
 */
export async function pushImage(
  port: number,
  repository: string,
  tag: string,
  options: { labels?: Record<string, string>; payloadBytes?: number; alsoAs?: string[]; from?: string } = {},
): Promise<{ ref: string; digest: string }> {
  const dir = mkdtempSync(join(tmpdir(), "mcp-hub-img-"));
  writeFileSync(join(dir, "payload"), randomBytes(options.payloadBytes ?? 1024));
  const labels = Object.entries(options.labels ?? {}).map(
    ([k, v]) => `LABEL ${JSON.stringify(k)}=${JSON.stringify(v)}`,
  );
  writeFileSync(
    join(dir, "Dockerfile"),
    [`FROM ${options.from ?? "scratch"}`, ...labels, "COPY payload /payload", ""].join("\n"),
  );
  const ref = `127.0.0.1:${port}/${repository}:${tag}`;
  await checked(["build", "-q", "-t", ref, dir]);
  let digest: string | undefined;
  const names = [ref, ...(options.alsoAs ?? []).map((t) => `127.0.0.1:${port}/${repository}:${t}`)];
  for (const name of names) {
    if (name !== ref) await checked(["tag", ref, name]);
    const pushed = await checked(["push", name]); // not inside ??=, which would skip it once a digest is known
    digest ??= /digest: (sha256:[0-9a-f]{64})/.exec(pushed)?.[1];
  }
  await docker(["image", "rm", ...names]);
  if (!digest) throw new Error(`no digest in the push of ${ref}`);
  return { ref, digest };
}

/** Kilobytes the registry's volume holds, measured from outside the registry. */
export async function volumeKilobytes(volume: string): Promise<number> {
  const out = await checked([
    "run",
    "--rm",
    "--network",
    "none",
    "-v",
    `${volume}:/data:ro`,
    "--entrypoint",
    "du",
    REGISTRY_BASE,
    "-sk",
    "/data",
  ]);
  return Number(out.split(/\s/)[0]);
}

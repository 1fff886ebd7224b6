/**
 * A hub container that keeps its own registry (HUB_REGISTRY_IMAGE, a name and volume of its own), and images built
 * FROM scratch with a payload of a chosen size, pushed to it from this engine.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, vi } from "vitest";
import { startTestHub, type TestHub } from "../hub/hubKit.js";
import { docker } from "../support/images.js";

export const REGISTRY_IMAGE = process.env.REGISTRY_IMAGE ?? "mcp-hub-registry:dev";
const REGISTRY_BASE = "mcp-hub/registry-base:2";

export type RegistryStatus = { state: string; port?: number; wantedPort?: number; error?: string };

export interface RegistryHub extends TestHub {
  registryName: string;
  /** The port the registry runs on (after any fallback). */
  registryPort: number;
  status(): Promise<RegistryStatus>;
  /** Waits for the registry to run and answer /v2/. */
  waitForRegistry(): Promise<RegistryStatus>;
  dispose(): Promise<void>;
}

let counter = 0;

export async function startRegistryHub(options: {
  port: number;
  env?: Record<string, string>;
  /** Extra bind mounts, as startHubContainer takes them. */
  volumes?: string[];
}): Promise<RegistryHub> {
  const registryName = `mcp-hub-registry-t${process.pid}-${Date.now().toString(36)}${counter++}`;
  const hub = await startTestHub({
    env: {
      HUB_REGISTRY_IMAGE: REGISTRY_IMAGE,
      HUB_REGISTRY_NAME: registryName,
      HUB_REGISTRY_PORT: String(options.port),
      ...options.env,
    },
    volumes: options.volumes,
  });
  const disposeHub = hub.dispose.bind(hub);
  const status = async () => (await hub.api<{ registry: RegistryStatus }>("GET", "/status")).body.registry;
  const result: RegistryHub = Object.assign(hub, {
    registryName,
    registryPort: options.port,
    status,
    async waitForRegistry() {
      let last: RegistryStatus | undefined;
      await vi.waitFor(
        async () => {
          last = await status();
          expect(last.state).toBe("running");
          const res = await fetch(`http://127.0.0.1:${last.port}/v2/`, { signal: AbortSignal.timeout(2000) });
          expect(res.status).toBe(200);
        },
        { timeout: 60_000, interval: 250 },
      );
      result.registryPort = last!.port!;
      return last!;
    },
    async dispose() {
      await disposeHub();
      await docker(["rm", "-f", "-v", registryName]);
      await docker(["volume", "rm", registryName]);
    },
  });
  return result;
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
  const built = await docker(["build", "-q", "-t", ref, dir]);
  expect(built.code, built.stderr).toBe(0);
  let digest: string | undefined;
  const names = [ref, ...(options.alsoAs ?? []).map((t) => `127.0.0.1:${port}/${repository}:${t}`)];
  for (const name of names) {
    if (name !== ref) expect((await docker(["tag", ref, name])).code).toBe(0);
    const pushed = await docker(["push", name]);
    expect(pushed.code, pushed.stderr).toBe(0);
    digest ??= /digest: (sha256:[0-9a-f]{64})/.exec(pushed.stdout)?.[1];
  }
  await docker(["image", "rm", ...names]);
  expect(digest).toBeDefined();
  return { ref, digest: digest! };
}

/** Kilobytes the registry's volume holds, measured from outside the registry. */
export async function volumeKilobytes(volume: string): Promise<number> {
  const du = await docker([
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
  expect(du.code, du.stderr).toBe(0);
  return Number(du.stdout.split(/\s/)[0]);
}

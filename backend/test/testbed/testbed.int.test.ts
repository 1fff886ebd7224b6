/**
 * The test bed itself: the local base images (scripts/base-images.sh), the bundle (backend/scripts/bundle.mjs) and
 * `make run`'s start/stop scripts (scripts/hub-up.sh, scripts/hub-down.sh), against the real engine. Everything runs
 * under names and ports of its own, so it never touches a developer's `make run` hub or a neighbour's containers.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it, vi } from "vitest";
import { dockerAvailable, labelArgs, publishedPort, runId, TEST_LABEL } from "../support/docker.js";
import { docker, imageExists } from "../support/images.js";
import { freePort } from "../support/ports.js";

const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const NODE_BASE = "mcp-hub/node-base:24";
const REGISTRY_BASE = "mcp-hub/registry-base:2";
const HUB_IMAGE = process.env.HUB_IMAGE ?? "mcp-hub:dev";
const REGISTRY_IMAGE = process.env.REGISTRY_IMAGE ?? "mcp-hub-registry:dev";
const inCi = process.env.CI === "true";
const available = dockerAvailable();
// `make test` builds the hub images before test-int; a plain `npm run test:int` without them skips that part (CI fails).
const haveHubImages = available && (await imageExists(HUB_IMAGE)) && (await imageExists(REGISTRY_IMAGE));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(file: string, args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      file,
      args,
      { cwd: REPO_ROOT, env: { ...process.env, ...env }, maxBuffer: 16 << 20 },
      (err, stdout, stderr) =>
        resolve({ code: err ? (typeof err.code === "number" ? err.code : 1) : 0, stdout, stderr }),
    );
  });
}

// The timeout matters: a fetch to docker-proxy while the container's port is not yet listening can stay pending.
const status = (url: string, init?: RequestInit) =>
  fetch(url, { signal: AbortSignal.timeout(2000), ...init }).then(
    (r) => r.status,
    () => 0,
  );

describe.skipIf(!available && !inCi)("tb: local base images", () => {
  it("tb-node-base runs Node 24 and npm 11 with root, node (1000) and nobody, a sticky /tmp and a CA bundle", async () => {
    const res = await docker([
      "run",
      "--rm",
      ...labelArgs(),
      NODE_BASE,
      "sh",
      "-c",
      "node -p process.versions.node; npm --version; id -u node; id -u nobody; stat -c %a /tmp; " +
        "test -s /etc/ssl/certs/ca-certificates.crt && echo ca-ok",
    ]);
    expect(res.stderr).toBe("");
    const [node, npm, nodeUid, nobodyUid, tmpMode, ca] = res.stdout.trim().split("\n");
    expect(node).toMatch(/^24\./);
    expect(npm).toMatch(/^11\./);
    expect([nodeUid, nobodyUid, tmpMode, ca]).toEqual(["1000", "65534", "1777", "ca-ok"]);
  });

  it("tb-node-base runs as the node user with HOME set from /etc/passwd", async () => {
    const res = await docker([
      "run",
      "--rm",
      ...labelArgs(),
      "--user",
      "node",
      NODE_BASE,
      "node",
      "-p",
      "`${process.getuid()} ${require('os').homedir()}`",
    ]);
    expect(res.stdout.trim()).toBe("1000 /home/node");
  });

  it("tb-registry-base serves the Registry API v2 on :5000 like registry:2", async () => {
    const name = `tb-registry-${runId().slice(-6)}`;
    const started = await docker([
      "run",
      "-d",
      "--name",
      name,
      ...labelArgs(),
      "-p",
      "127.0.0.1::5000",
      REGISTRY_BASE,
    ]);
    expect(started.code, started.stderr).toBe(0);
    try {
      const base = `http://127.0.0.1:${await publishedPort(name, 5000)}`;
      const ready = await vi
        .waitFor(async () => expect(await status(`${base}/v2/`)).toBe(200), {
          timeout: 20_000,
          interval: 100,
        })
        .then(
          () => "",
          async () => {
            const state = await docker(["inspect", "-f", "{{.State.Status}} {{.State.ExitCode}}", name]);
            return `not ready at ${base}: ${state.stdout.trim()} ${(await docker(["logs", "--tail", "20", name])).stderr}`;
          },
        );
      expect(ready).toBe("");
      const missing = await fetch(`${base}/v2/tb/nothing/manifests/latest`);
      expect(missing.status).toBe(404);
      expect(((await missing.json()) as { errors: { code: string }[] }).errors[0]?.code).toMatch(
        /^(MANIFEST|NAME)_UNKNOWN$/,
      );
    } finally {
      await docker(["rm", "-f", "-v", name]);
    }
  });
});

describe.skipIf(!available && !inCi)("tb: bundle", () => {
  const out = mkdtempSync(join(tmpdir(), "tb-bundle-"));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it("tb-bundle: dist/cli.js and dist/main.js run with no node_modules anywhere (in the bare Node base image)", async () => {
    const built = await run(process.execPath, ["backend/scripts/bundle.mjs", "--outdir", join(out, "dist")]);
    expect(built.code, built.stderr).toBe(0);
    expect(
      readdirSync(join(out, "dist"))
        .filter((f) => f.endsWith(".js"))
        .sort(),
    ).toEqual(expect.arrayContaining(["cli.js", "main.js"]));
    const version = (
      JSON.parse(readFileSync(join(REPO_ROOT, "backend/package.json"), "utf8")) as { version: string }
    ).version;
    const cli = await docker([
      "run",
      "--rm",
      ...labelArgs(),
      "-v",
      `${join(out, "dist")}:/app:ro`,
      NODE_BASE,
      "node",
      "/app/cli.js",
      "--version",
    ]);
    expect(cli.stderr).toBe("");
    expect(cli.stdout.trim()).toBe(version);
    // main.js loads every module and listens; without a Docker socket it then stops (busybox timeout bounds it anyway).
    const main = await docker([
      "run",
      "--rm",
      ...labelArgs(),
      "-v",
      `${join(out, "dist")}:/app:ro`,
      "-e",
      "HUB_PORT=0",
      "-e",
      "HUB_DATA_DIR=/tmp/data",
      NODE_BASE,
      "timeout",
      "20",
      "node",
      "/app/main.js",
    ]);
    expect(main.stderr + main.stdout).toContain("MCP Hub listening");
    expect(main.stderr + main.stdout).not.toMatch(/Cannot find module|ERR_MODULE_NOT_FOUND|Dynamic require/);
  });
});

describe.skipIf(!haveHubImages && !inCi)("tb: make run's start and stop scripts", () => {
  const id = runId().slice(-6);
  const names = {
    HUB_NAME: `tb-hub-${id}`,
    REGISTRY_NAME: `tb-hub-registry-${id}`,
    HUB_VOLUME: `tb-hub-data-${id}`,
    REGISTRY_VOLUME: `tb-hub-registry-${id}`,
  };
  // The hub sees only containers with its own selector label, so its orphan cleanup cannot remove a neighbour's.
  const scoped = {
    HUB_RUN_ARGS: `--label ${TEST_LABEL}=${runId()} -e HUB_CONTAINER_LABELS=${TEST_LABEL}=${runId()}-tb -e HUB_CONTAINER_PREFIX=mcp-tb${id}-`,
    REGISTRY_RUN_ARGS: `--label ${TEST_LABEL}=${runId()}`,
    STOP_MANAGED: "0",
  };
  afterAll(async () => {
    await docker(["rm", "-f", "-v", names.HUB_NAME, names.REGISTRY_NAME]);
    await docker(["volume", "rm", "-f", names.HUB_VOLUME, names.REGISTRY_VOLUME]);
  });

  it("tb-hub-up starts hub and registry ready on 127.0.0.1, prints a working token; hub-down keeps the volumes", async () => {
    const ports = {
      HUB_PORT: String(await freePort()),
      HUB_A2A_PORT: String(await freePort()),
      REGISTRY_PORT: String(await freePort()),
    };
    const env = { ...names, ...scoped, ...ports, HUB_IMAGE, REGISTRY_IMAGE };
    const up = await run("scripts/hub-up.sh", [], env);
    expect(up.code, up.stderr).toBe(0);
    expect(up.stdout).toContain("MCP Hub is ready.");
    const hub = `http://127.0.0.1:${ports.HUB_PORT}`;
    expect(up.stdout).toMatch(new RegExp(`MCP endpoint +${hub}/mcp`));
    // The bridge entry it prints mounts the hub's volume read-only: that is where the bridge finds the token.
    expect(up.stdout).toContain(`"-v", "${names.HUB_VOLUME}:/data:ro"`);
    const token = /Token\s+(\S+)/.exec(up.stdout)?.[1] ?? "";
    expect(token).toMatch(/^[A-Za-z0-9_-]{20,}$/);

    expect(await status(`${hub}/health/ready`)).toBe(200);
    expect(await status(`http://127.0.0.1:${ports.REGISTRY_PORT}/v2/`)).toBe(200);
    const initialize = (auth?: string) =>
      status(`${hub}/mcp`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          accept: "application/json, text/event-stream",
          ...(auth ? { authorization: `Bearer ${auth}` } : {}),
        },
        body: JSON.stringify({
          jsonrpc: "2.0",
          id: 1,
          method: "initialize",
          params: {
            protocolVersion: "2025-06-18",
            capabilities: {},
            clientInfo: { name: "tb", version: "1" },
          },
        }),
      });
    expect(await initialize()).toBe(401);
    expect(await initialize(token)).toBe(200);
    // The A2A gateway, on its own published port, behind the same token; the API names it as published.
    const gateway = `http://127.0.0.1:${ports.HUB_A2A_PORT}`;
    expect(up.stdout).toMatch(new RegExp(`A2A gateway +${gateway}/agents`));
    expect(await status(`${gateway}/agents`)).toBe(401);
    expect(await status(`${gateway}/agents`, { headers: { authorization: `Bearer ${token}` } })).toBe(200);
    const agents = await fetch(`${hub}/api/agents`, { headers: { authorization: `Bearer ${token}` } });
    expect(((await agents.json()) as { gateway: { url: string } | null }).gateway).toEqual({ url: gateway });

    const inspect = await docker([
      "inspect",
      "-f",
      "{{json .NetworkSettings.Networks}} {{.HostConfig.RestartPolicy.Name}}",
      names.HUB_NAME,
    ]);
    expect(inspect.stdout).toMatch(/"mcp-hub":.*"mcp-hub-internal":.* unless-stopped/);

    const down = await run("scripts/hub-down.sh", [], env);
    expect(down.code, down.stderr).toBe(0);
    expect((await docker(["ps", "-aq", "--filter", `name=^/${names.HUB_NAME}$`])).stdout.trim()).toBe("");
    expect((await docker(["ps", "-aq", "--filter", `name=^/${names.REGISTRY_NAME}$`])).stdout.trim()).toBe(
      "",
    );
    const volumes = await docker([
      "volume",
      "inspect",
      "-f",
      "{{.Name}}",
      names.HUB_VOLUME,
      names.REGISTRY_VOLUME,
    ]);
    expect(volumes.stdout.trim().split("\n")).toEqual([names.HUB_VOLUME, names.REGISTRY_VOLUME]);
  });

  it("tb-hub-up fails with the container's last log lines when the hub exits instead of getting ready", async () => {
    const ports = {
      HUB_PORT: String(await freePort()),
      HUB_A2A_PORT: String(await freePort()),
      REGISTRY_PORT: String(await freePort()),
    };
    // The bare Node base image starts a REPL that exits at once on a closed stdin: a hub that never gets ready.
    const env = { ...names, ...scoped, ...ports, HUB_IMAGE: NODE_BASE, REGISTRY_IMAGE, READY_TIMEOUT: "30" };
    const up = await run("scripts/hub-up.sh", [], env);
    expect(up.code).not.toBe(0);
    expect(up.stderr).toMatch(`${names.HUB_NAME} exited`);
    await run("scripts/hub-down.sh", [], env);
  });

  it("tb-hub-up refuses to start without the images and says how to build them", async () => {
    const up = await run("scripts/hub-up.sh", [], {
      ...names,
      ...scoped,
      HUB_IMAGE: `tb-missing-${id}:none`,
    });
    expect(up.code).not.toBe(0);
    expect(up.stderr).toContain(`image tb-missing-${id}:none not found; build it with: make images`);
  });
});

import { randomBytes } from "node:crypto";
import { copyFile, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, inject, it, vi } from "vitest";
import { BUILD_STAGE_LABEL, HANDSHAKE_LABEL, PackagingFailed } from "../../src/packaging/index.js";
import { docker } from "../support/images.js";
import { FIXTURES, runInImage, tarFolder, usePackagingKit } from "./packagingKit.js";

/** A script's folder as a client's machine has it: the script, its neighbours, and what must not travel. */
async function scriptFolder(
  files: Record<string, string>,
): Promise<{ dir: string; tar: () => Promise<Buffer> }> {
  const dir = await mkdtemp(join(tmpdir(), "mcp-hub-script-"));
  for (const [path, content] of Object.entries(files)) {
    await mkdir(join(dir, path, ".."), { recursive: true });
    if (content.startsWith("fixture:")) await copyFile(join(FIXTURES, content.slice(8)), join(dir, path));
    else await writeFile(join(dir, path), content);
  }
  return { dir, tar: () => tarFolder(dir) };
}

async function containers(label: string): Promise<string[]> {
  const res = await docker(["ps", "-aq", "--filter", `label=${label}`]);
  return res.stdout.split("\n").filter(Boolean);
}

const handshakeOptions = (timeoutMs = 30_000, secrets: Record<string, string> = {}) => ({
  secrets,
  signal: AbortSignal.timeout(timeoutMs + 30_000),
  timeoutMs,
});

describe.skipIf(!inject("mcpHubTestDocker"))("packaging local scripts", () => {
  const kit = usePackagingKit();
  const folders: string[] = [];
  const run = randomBytes(3).toString("hex");
  const folder = async (files: Record<string, string>) => {
    const made = await scriptFolder(files);
    folders.push(made.dir);
    return made;
  };
  const script = (name: string, file: string) =>
    kit.planned({ name: `${name}-${run}`, kind: "script", source: `/home/ann/tools/${name}/${file}` });

  afterAll(async () => {
    await Promise.all(folders.map((dir) => rm(dir, { recursive: true, force: true })));
  });

  it("builds a stdlib python script from the python base without its folder's clutter, and shakes hands", async () => {
    const { tar } = await folder({
      "stdlib_server.py": "fixture:stdlib_server.py",
      "needs_token.py": "fixture:needs_token.py",
      ".env": "API_KEY=do-not-copy\n",
      "__pycache__/stdlib_server.cpython-311.pyc": "bytecode",
      "node_modules/left/index.js": "",
      ".git/config": "[core]\n",
    });
    const server = script("stdlib", "stdlib_server.py");
    const lines: string[] = [];
    const started = Date.now();
    const built = await kit.packager.build(server, {
      onLog: (line) => lines.push(line),
      signal: AbortSignal.timeout(120_000),
      scriptContext: await tar(),
    });
    process.stderr.write(`[packaging] stdlib python script built and pushed in ${Date.now() - started} ms\n`);
    expect(built.reused).toBe(false);
    expect(lines).toContain("left out of the image: .env, .git/, __pycache__/, node_modules/");
    expect(lines.some((line) => /^Step 1\/\d+ : FROM mcp-hub\/python-base:3\.11$/.test(line))).toBe(true);
    const listing = await runInImage(built.image, "python3", [
      "-c",
      "import os; print(sorted(os.listdir('/app')))",
    ]);
    expect(listing.trim()).toBe("['needs_token.py', 'stdlib_server.py']");
    expect(await kit.registryTags(`mcp/${server.name}`)).toEqual(["local"]);

    const { tools } = await kit.packager.handshake(server, handshakeOptions());
    expect(tools).toEqual(["add"]);
    expect(await containers(`${HANDSHAKE_LABEL}=${server.name}`)).toEqual([]);
  });

  it("hands a server its secrets as env; without them its stderr says why it exited", async () => {
    const { tar } = await folder({
      "stdlib_server.py": "fixture:stdlib_server.py",
      "needs_token.py": "fixture:needs_token.py",
    });
    const server = { ...script("token", "needs_token.py"), secretEnv: {} };
    await kit.packager.build(server, {
      onLog: () => undefined,
      signal: AbortSignal.timeout(120_000),
      scriptContext: await tar(),
    });

    const error = await kit.packager.handshake(server, handshakeOptions()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PackagingFailed);
    expect((error as PackagingFailed).step).toBe("handshake");
    expect((error as Error).message).toMatch(/the container exited \(code 3\)/);
    expect((error as Error).message).toContain("fatal: CRASH_TOKEN is not set; the server cannot start");
    expect(await containers(`${HANDSHAKE_LABEL}=${server.name}`)).toEqual([]);

    const withSecret = { ...server, secretEnv: { CRASH_TOKEN: "TOKEN__CRASH_TOKEN" } };
    await expect(kit.packager.handshake(withSecret, handshakeOptions())).rejects.toThrow(
      /secret\(s\) TOKEN__CRASH_TOKEN not set/,
    );
    const { tools } = await kit.packager.handshake(
      withSecret,
      handshakeOptions(30_000, { TOKEN__CRASH_TOKEN: "t0k" }),
    );
    expect(tools).toEqual(["add"]);
  });

  it("runs a TypeScript script with tsx", async () => {
    const { tar } = await folder({ "server.ts": "fixture:server.ts" });
    const server = script("tsx", "server.ts");
    await kit.packager.build(server, {
      onLog: () => undefined,
      signal: AbortSignal.timeout(180_000),
      scriptContext: await tar(),
    });
    const { tools } = await kit.packager.handshake(server, handshakeOptions());
    expect(tools).toEqual(["shout"]);
  });

  it("gives up on a server that never answers, and a hub restart removes a handshake's leftover container", async () => {
    const { tar } = await folder({ "silent.py": "fixture:silent.py" });
    const server = script("silent", "silent.py");
    await kit.packager.build(server, {
      onLog: () => undefined,
      signal: AbortSignal.timeout(120_000),
      scriptContext: await tar(),
    });
    await expect(kit.packager.handshake(server, handshakeOptions(2_000))).rejects.toThrow(
      /no answer to initialize and tools\/list within 2 s/,
    );
    expect(await containers(`${HANDSHAKE_LABEL}=${server.name}`)).toEqual([]);

    // While one is in flight, the orphan removal of a (restarted) hub takes its container: it is no configured server.
    const pending = kit.packager.handshake(server, handshakeOptions(60_000)).catch((e: unknown) => e);
    await vi.waitFor(
      async () => expect(await containers(`${HANDSHAKE_LABEL}=${server.name}`)).toHaveLength(1),
      {
        timeout: 30_000,
        interval: 200,
      },
    );
    const removed = await kit.runtime.removeOrphans([]);
    expect(removed).toEqual([
      expect.stringMatching(new RegExp(`^mcp-handshake-${server.name}-[0-9a-f]{6}$`)),
    ]);
    expect(await pending).toBeInstanceOf(PackagingFailed);
    expect(await containers(`${HANDSHAKE_LABEL}=${server.name}`)).toEqual([]);
  });

  it("stops a build when cancelled, and when it runs past its time limit", async () => {
    const { tar } = await folder({
      "server.js": "",
      "package.json": JSON.stringify({
        name: "slow",
        version: "1.0.0",
        scripts: { preinstall: "echo waiting-forever && sleep 600" },
      }),
    });
    const server = script("slow", "server.js");
    const controller = new AbortController();
    const lines: string[] = [];
    const building = kit.packager
      .build(server, {
        onLog: (line) => {
          lines.push(line);
          if (line.includes("waiting-forever")) controller.abort();
        },
        signal: controller.signal,
        scriptContext: await tar(),
      })
      .catch((e: unknown) => e);
    await vi.waitFor(() => expect(controller.signal.aborted).toBe(true), { timeout: 120_000, interval: 100 });
    const abortedAt = Date.now();
    const error = await building;
    expect((error as Error).message).toBe(`build of ${server.name} failed: cancelled`);
    expect(Date.now() - abortedAt).toBeLessThan(15_000);
    // The step's container and the build stage's images are gone, and nothing was pushed.
    await vi.waitFor(async () => expect(await containers(BUILD_STAGE_LABEL)).toEqual([]), {
      timeout: 30_000,
    });
    expect(await kit.registryTags(`mcp/${server.name}`)).toEqual([]);

    const previous = kit.settings.buildTimeoutMs;
    kit.settings.buildTimeoutMs = 8_000;
    try {
      const started = Date.now();
      const timedOut = await kit.packager
        .build(server, {
          onLog: () => undefined,
          signal: AbortSignal.timeout(120_000),
          scriptContext: await tar(),
        })
        .catch((e: unknown) => e);
      expect((timedOut as Error).message).toMatch(/failed: it took longer than 8 s, the build time limit/);
      expect(Date.now() - started).toBeLessThan(25_000);
    } finally {
      kit.settings.buildTimeoutMs = previous;
    }
    await vi.waitFor(async () => expect(await containers(BUILD_STAGE_LABEL)).toEqual([]), {
      timeout: 30_000,
    });
  });
});

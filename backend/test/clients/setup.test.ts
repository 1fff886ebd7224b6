import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse as parseJsonc } from "jsonc-parser";
import type { ClientSetupGuide } from "@mcp-hub/contracts";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  CLIENTS,
  clientSetup,
  connect,
  HOST_HELPERS,
  placeholderEnv,
  type EnvContext,
} from "../../src/clients/index.js";
import { envFor, PLATFORMS, sandbox, type Sandbox } from "./support.js";

const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));

let box: Sandbox;
beforeEach(async () => {
  box = await sandbox();
});
afterEach(async () => {
  await box.cleanup();
});

const entryAt = (text: string, keys: string[]): unknown =>
  keys.reduce<unknown>((node, key) => (node as Record<string, unknown>)?.[key], parseJsonc(text));

describe.each(PLATFORMS)("manual setup on %s equals what connect writes", (platform) => {
  let env: EnvContext;
  let guide: ClientSetupGuide;
  beforeEach(() => {
    env = envFor(platform, box.root);
    guide = clientSetup({ env, exactHome: true });
  });

  it("covers every client, each transport it supports, stdio first", () => {
    expect(guide.clients.map((c) => c.client)).toEqual(CLIENTS.map((c) => c.id));
    for (const setup of guide.clients) {
      const def = CLIENTS.find((c) => c.id === setup.client)!;
      expect(setup.options.map((o) => o.transport)).toEqual(def.transports);
      expect(setup.options[0]?.transport).toBe("stdio");
    }
  });

  it.each(CLIENTS.flatMap((def) => def.transports.map((transport) => [def.id, transport] as const)))(
    "%s over %s: the same file, the same text, the same entry",
    async (client, transport) => {
      const setup = guide.clients.find((c) => c.client === client)!;
      const option = setup.options.find((o) => o.transport === transport)!;
      const written = await connect(client, { env, transport });
      expect(written.file).toBe(setup.file);
      const text = await readFile(env.toLocalPath?.(written.file) ?? written.file, "utf8");
      expect(text).toBe(option.newFile);
      expect(entryAt(text, [...setup.serversPath, setup.entryName])).toEqual(option.entry);
    },
  );
});

describe("manual setup without the user's home", () => {
  it("starts paths at the platform's own spelling of home and keeps the bridge's token mount", () => {
    const linux = clientSetup({ env: placeholderEnv("linux"), exactHome: false });
    expect(linux).toMatchObject({ platform: "linux", home: "~", exactHome: false });
    const claude = linux.clients.find((c) => c.client === "claude-desktop")!;
    expect(claude.file).toBe("~/.config/Claude/claude_desktop_config.json");
    expect(claude.options).toHaveLength(1);
    const [stdio] = claude.options;
    expect(stdio?.entry.command).toBe("docker");
    // Without the data volume the bridge has no token and every call fails.
    expect(stdio?.entry.args).toEqual(
      expect.arrayContaining([
        "--network",
        "mcp-hub",
        "-v",
        "mcp-hub-data:/data:ro",
        "mcp-hub-bridge:latest",
      ]),
    );
    expect(stdio?.command).toBe("host/linux/mcp-hub-host connect claude-desktop");

    const windows = clientSetup({ env: placeholderEnv("win32"), exactHome: false });
    const cursor = windows.clients.find((c) => c.client === "cursor")!;
    expect(cursor.file).toBe("%USERPROFILE%\\.cursor\\mcp.json");
    expect(cursor.options.map((o) => [o.command, o.token])).toEqual([
      ["host\\windows\\mcp-hub-host.cmd connect cursor", undefined],
      [
        "host\\windows\\mcp-hub-host.cmd connect cursor --transport http",
        { from: "env", name: "MCP_HUB_TOKEN" },
      ],
    ]);
    const vscode = windows.clients.find((c) => c.client === "vscode")!;
    expect(vscode.options[1]?.token).toEqual({ from: "prompt" });
    expect(vscode.options[1]?.newFile).toContain('"password": true');
  });

  it("follows the hub entry options the writer is given", () => {
    const guide = clientSetup({
      env: placeholderEnv("darwin"),
      hub: { hubUrl: "http://127.0.0.1:3999/mcp", entryName: "hub" },
      exactHome: false,
    });
    const code = guide.clients.find((c) => c.client === "claude-code")!;
    expect(code.entryName).toBe("hub");
    expect(code.options[1]?.entry).toMatchObject({ url: "http://127.0.0.1:3999/mcp" });
    expect(code.options[0]?.command).toBe("host/darwin/mcp-hub-host connect claude-code");
  });
});

describe("the host helpers the commands name", () => {
  it("exist in the repository", () => {
    for (const helper of Object.values(HOST_HELPERS))
      expect(existsSync(path.join(REPO_ROOT, ...helper.split(/[\\/]/))), helper).toBe(true);
    // The .cmd cannot run here: it must at least hand every argument on to `mcp-hub client`.
    const cmd = readFileSync(path.join(REPO_ROOT, "host/windows/mcp-hub-host.cmd"), "utf8");
    expect(cmd).toMatch(/set "COMMAND=mcp-hub client"/);
    expect(cmd).toMatch(/"%MCP_HUB_IMAGE%" %COMMAND% %\*/);
  });

  it.each(["linux", "darwin"] as const)(
    "the %s helper hands `connect <client> --transport http` to `mcp-hub client` in the image",
    (platform) => {
      // A recorder in docker's place: the real engine run is covered by clients/wiring.int.test.ts.
      const recorder = path.join(box.root, "docker");
      writeFileSync(recorder, '#!/bin/sh\nprintf "%s\\n" "$@"\n');
      chmodSync(recorder, 0o755);
      const command = clientSetup({ env: placeholderEnv(platform), exactHome: false })
        .clients.find((c) => c.client === "cursor")!
        .options.find((o) => o.transport === "http")!.command;
      const [script, ...args] = command.split(" ");
      const run = spawnSync(path.join(REPO_ROOT, script!), args, {
        encoding: "utf8",
        env: { PATH: process.env.PATH, HOME: "/home/someone", MCP_HUB_DOCKER: recorder },
      });
      expect(run.status, run.stderr).toBe(0);
      expect(run.stdout.trim().split("\n").slice(-7)).toEqual([
        "mcp-hub:dev",
        "mcp-hub",
        "client",
        "connect",
        "cursor",
        "--transport",
        "http",
      ]);
      expect(run.stdout).toContain(`HUB_HOST_PLATFORM=${platform}`);
    },
  );
});

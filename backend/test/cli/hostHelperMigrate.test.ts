import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const dir = mkdtempSync(path.join(tmpdir(), "mcp-hub-helper-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A recorder in docker's place: prints each argument on its own line (the real run: cli/migrateHost.int.test.ts). */
const recorder = path.join(dir, "docker");
writeFileSync(recorder, '#!/bin/sh\nprintf "%s\\n" "$@"\n');
chmodSync(recorder, 0o755);

function helper(platform: "linux" | "darwin", args: string[], env: Record<string, string> = {}) {
  return spawnSync(path.join(REPO_ROOT, "host", platform, "mcp-hub-host"), args, {
    encoding: "utf8",
    env: { PATH: process.env.PATH, HOME: "/home/someone", MCP_HUB_DOCKER: recorder, ...env },
  });
}

describe.each(["linux", "darwin"] as const)("the %s host helper's migrate", (platform) => {
  it("runs `mcp-hub migrate …` on the hub's network with its data volume read-only, stdin attached", () => {
    const run = helper(platform, ["migrate", "run", "claude-desktop", "--only", "memory", "--yes"]);
    expect(run.status, run.stderr).toBe(0);
    const argv = run.stdout.trim().split("\n");
    expect(argv.slice(-8)).toEqual([
      "mcp-hub:dev",
      "mcp-hub",
      "migrate",
      "run",
      "claude-desktop",
      "--only",
      "memory",
      "--yes",
    ]);
    const at = (flag: string, value: string) => argv.some((arg, i) => arg === flag && argv[i + 1] === value);
    expect(at("--network", "mcp-hub")).toBe(true);
    expect(at("-v", "mcp-hub-data:/data:ro")).toBe(true);
    expect(at("-v", "/home/someone:/host-home")).toBe(true);
    expect(at("-e", "MCP_HUB_URL=http://mcp-hub:3010")).toBe(true);
    expect(argv).toContain("-i");
    // Not a terminal here: no pseudo-terminal, so the CLI asks nothing and wants --yes.
    expect(argv).not.toContain("-t");
    expect(argv).not.toContain("none");
  });

  it("names another network and data volume when told, and keeps `client` commands off the network", () => {
    const run = helper(platform, ["migrate", "status", "--json"], {
      MCP_HUB_NETWORK: "hub-net",
      MCP_HUB_DATA_VOLUME: "/srv/hub-data",
    });
    expect(run.stdout).toContain("--network\nhub-net\n");
    expect(run.stdout).toContain("-v\n/srv/hub-data:/data:ro\n");
    const client = helper(platform, ["ls", "--json"]);
    expect(client.stdout).toContain("--network\nnone\n");
    expect(client.stdout).not.toContain("/data:ro");
    expect(client.stdout.trim().split("\n").slice(-4)).toEqual(["mcp-hub", "client", "ls", "--json"]);
  });

  it("refuses an unknown migrate command and anything but simple words", () => {
    const unknown = helper(platform, ["migrate", "build"]);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(
      /usage: .*\n.*mcp-hub-host migrate <scan\|plan\|run\|status\|resume\|rollback>/,
    );
    const sneaky = helper(platform, ["migrate", "plan", "--workspace-folder", "/etc"]);
    expect(sneaky.status).toBe(2);
    expect(sneaky.stderr).toMatch(/refusing argument '\/etc'/);
    expect(sneaky.stdout).toBe("");
  });
});

it("the Windows helper hands `migrate …` to `mcp-hub` with the same network, volume and URL", () => {
  const cmd = readFileSync(path.join(REPO_ROOT, "host/windows/mcp-hub-host.cmd"), "utf8");
  expect(cmd).toMatch(/"%ACTION%"=="migrate"/);
  expect(cmd).toContain(
    'set "RUN_ARGS=--network "%MCP_HUB_NETWORK%" -v "%MCP_HUB_DATA_VOLUME%:/data:ro" -e HUB_DATA_DIR=/data -e MCP_HUB_URL=http://mcp-hub:3010 -i"',
  );
  expect(cmd).toContain('set "COMMAND=mcp-hub"');
});

import type { Command } from "commander";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createProgram, EXIT } from "../../src/cli/index.js";
import { docker, TEST_IMAGES } from "../support/images.js";
import { startTestHub, type TestHub } from "../hub/hubKit.js";

/** Every command path of the CLI, e.g. ["server", "add"]. */
function commandPaths(command: Command, prefix: string[] = []): string[][] {
  return command.commands.flatMap((c) => {
    const path = [...prefix, c.name()];
    return [path, ...commandPaths(c, path)];
  });
}

/** The `mcp-hub` command inside the hub container, against the running hub, with its exit codes. */
describe.skipIf(!inject("mcpHubTestDocker"))("mcp-hub CLI in the hub container", () => {
  let hub: TestHub;

  beforeAll(async () => {
    hub = await startTestHub();
  });

  afterAll(async () => {
    await hub?.dispose();
  });

  const ok = async (args: string[], stdin?: string) => {
    const res = await hub.cli(args, stdin);
    expect(res.code, `mcp-hub ${args.join(" ")}: ${res.stderr}`).toBe(EXIT.ok);
    return res.stdout;
  };

  it("manages a server: add, status, tools, logs, disable, enable, restart, rm", async () => {
    expect(await ok(["server", "add", "clifx", "--image", TEST_IMAGES.fixture])).toMatch(
      /^added clifx: ready, \d+ tools/,
    );
    expect(await ok(["server", "ls"])).toMatch(/clifx\s+image\/stdio\s+ready/);
    expect(await ok(["server", "status", "clifx"])).toMatch(/^clifx: ready \(image\/stdio\)/);
    const status = JSON.parse(await ok(["server", "status", "clifx", "--json"])) as { state: string };
    expect(status.state).toBe("ready");
    const tools = await ok(["server", "tools", "clifx"]);
    expect(tools).toContain("clifx__echo");
    expect(tools).toContain("clifx__bump_resource");
    expect(await ok(["server", "logs", "clifx"])).toContain("fixture: serving MCP on stdio");
    // Every server ready: clifx and the built-in ones (the registry's tools).
    expect(await ok(["status"])).toMatch(/ (\d+)\/\1 servers ready/);

    expect(await ok(["server", "disable", "clifx"])).toBe("disabled clifx\n");
    // Disabled: container gone, but still listed (as stopped) so it can be enabled again.
    const disabled = await hub.api<{ enabled: boolean; state: string }>("GET", "/servers/clifx");
    expect(disabled.body).toMatchObject({ enabled: false, state: "stopped" });
    expect(await ok(["server", "ls"])).toMatch(/clifx\s+image\/stdio\s+stopped/);
    expect(await hub.containers(["label=mcp.server=clifx"])).toEqual([]);
    expect(await ok(["server", "enable", "clifx"])).toBe("enabled clifx\n");
    const enabled = await hub.server("clifx");
    expect(enabled.state).toBe("ready");

    expect(await ok(["server", "restart", "clifx"])).toBe("restarted clifx\n");
    const restarted = await hub.server("clifx");
    expect(restarted.restarts).toBeGreaterThanOrEqual(1);
    expect(restarted.containerId).not.toBe(enabled.containerId);

    expect(await ok(["server", "rm", "clifx"])).toBe("removed clifx\n");
    expect(await hub.containers(["label=mcp.server=clifx"])).toEqual([]);
    expect((await hub.cli(["server", "status", "clifx"])).code).toBe(EXIT.notFound);
  });

  it("refuses an image the engine neither has nor can pull, and stores nothing", async () => {
    const res = await hub.cli(["server", "add", "ghost", "--image", "mcp-hub-test/does-not-exist:1"]);
    expect(res.code).toBe(EXIT.failed);
    expect(res.stderr).toContain(
      'image "mcp-hub-test/does-not-exist:1" is neither on this Docker engine nor pullable',
    );
    expect(res.stderr).toContain("docker build -t mcp-hub-test/does-not-exist:1");
    expect((await hub.api("GET", "/servers/ghost")).status).toBe(404);
  });

  it("sets a secret from stdin and lists names only", async () => {
    expect(await ok(["secret", "set", "CLI_SECRET"], "from-stdin-value\n")).toBe("set CLI_SECRET\n");
    const names = await ok(["secret", "ls"]);
    expect(names).toContain("CLI_SECRET");
    expect(names).not.toContain("from-stdin-value");
    const empty = await hub.cli(["secret", "set", "CLI_EMPTY"], "");
    expect(empty.code).toBe(EXIT.usage);
  });

  it.each([
    ["a missing option", ["server", "add", "x"]],
    ["a missing argument", ["server", "add"]],
    ["an invalid choice", ["server", "add", "x", "--image", "i", "--risk", "extreme"]],
    ["an unknown command", ["no-such-command"]],
    ["an unknown server subcommand", ["server", "frobnicate"]],
  ])("exits 2 on %s", async (_what, args) => {
    const res = await hub.cli(args);
    expect(res.code, res.stdout + res.stderr).toBe(EXIT.usage);
    expect(res.stderr).not.toBe("");
  });

  it("exits 3 when the hub is unreachable", async () => {
    const res = await hub.cli(["--url", "http://127.0.0.1:1", "status"]);
    expect(res.code).toBe(EXIT.unreachable);
    expect(res.stderr).toMatch(/cannot reach the hub/);
  });

  it("exits 4 for an unknown server", async () => {
    for (const action of ["restart", "enable", "logs", "tools", "rm"]) {
      const res = await hub.cli(["server", action, "nope"]);
      expect(res.code, `server ${action} nope: ${res.stderr}`).toBe(EXIT.notFound);
      expect(res.stderr).toMatch(/nope/);
    }
  });

  it("exits 5 with a wrong token", async () => {
    const res = await hub.cli(["--token", "wrong", "status"]);
    expect(res.code).toBe(EXIT.unauthorized);
    expect(res.stderr).toMatch(/invalid token/);
  });

  it("token --rotate with no hub answering writes the token file and says a start applies it", async () => {
    const offline = ["--url", "http://127.0.0.1:1", "--data-dir", "/tmp/offline-hub"];
    const res = await hub.cli([...offline, "token", "--rotate"]);
    expect(res.code, res.stderr).toBe(EXIT.ok);
    const token = res.stdout.trim();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(res.stderr).toMatch(/no hub answers at http:\/\/127\.0\.0\.1:1: .* uses it when it starts/);
    expect(await ok([...offline, "token"])).toBe(`${token}\n`);
  });

  // Last but one: the hub's token changes here (the help test below runs no API call).
  it("token --rotate on a running hub goes through the hub: the new token works at once, the old one no more", async () => {
    const status = async (token: string) =>
      (await fetch(`${hub.url}/api/status`, { headers: { authorization: `Bearer ${token}` } })).status;
    const res = await hub.cli(["token", "--rotate"]);
    expect(res.code, res.stderr).toBe(EXIT.ok);
    expect(res.stderr).toBe("");
    const token = res.stdout.trim();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(token).not.toBe(hub.token);
    expect(await status(token)).toBe(200);
    expect(await status(hub.token)).toBe(401);
    // The hub keeps it in its data directory too, where the CLI and the bridge read it.
    expect(await ok(["token"])).toBe(`${token}\n`);
  });

  it("exits 0 with usage text for --help on every command", async () => {
    const paths = [[], ...commandPaths(createProgram())];
    expect(paths.map((p) => p.join(" "))).toEqual(
      expect.arrayContaining(["server add", "server tools", "server status", "secret set", "status"]),
    );
    // One exec for all: a node start per command would cost seconds each on a busy machine.
    const script = paths
      .map(
        (p) =>
          `mcp-hub ${p.join(" ")} --help > /tmp/help.txt 2>&1; echo "$? $(head -c 200 /tmp/help.txt | tr '\\n' ' ')"`,
      )
      .join("; ");
    const res = await docker(["exec", hub.name, "sh", "-c", script]);
    expect(res.code, res.stderr).toBe(0);
    const lines = res.stdout.trim().split("\n");
    expect(lines).toHaveLength(paths.length);
    lines.forEach((line, i) => {
      const name = paths[i]!.join(" ") || "(root)";
      expect(line, name).toMatch(/^0 Usage: mcp-hub/);
    });
  });
});

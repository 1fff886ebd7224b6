/**
 * One-click client wiring, end to end: `mcp-hub client connect` writes a client's config into a temp home, then
 * the very entry it wrote is used the way the client would use it (Claude Desktop: spawn command + args; VS Code:
 * url + headers with the input substituted; MCP Inspector: --config), against the real hub image.
 */
import { spawn } from "node:child_process";
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { parse as parseJsonc } from "jsonc-parser";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { removeLabelled, runId, TEST_LABEL } from "../support/docker.js";
import { HUB_IMAGE, startHubContainer, type HubContainer } from "../support/hubContainer.js";
import { connectStdio, createTestClient, type ClientHandlers } from "../support/mcpClient.js";
import {
  addFixture,
  BRIDGE_IMAGE,
  cli,
  REPO_DIR,
  run,
  tempHome,
  testNetwork,
  userEnv,
  type TestNetwork,
} from "../bridge/support.js";

const CLAUDE_CONFIG = ".config/Claude/claude_desktop_config.json";
const INSPECTOR_BIN = fileURLToPath(new URL("../../../node_modules/.bin/mcp-inspector-cli", import.meta.url));
/** The Inspector CLI needs a package.json in its cwd's parent (see test/inspector): backend/test → backend. */
const INSPECTOR_CWD = fileURLToPath(new URL("..", import.meta.url));
const HOST_SCRIPT = join(REPO_DIR, "host/linux/mcp-hub-host");

const sampling: ClientHandlers["sampling"] = (request) => {
  const first = request.messages[0]?.content;
  const text = first && "text" in first ? first.text : "";
  return { role: "assistant", model: "test-model", content: { type: "text", text: `sampled: ${text}` } };
};

interface StdioEntry {
  command: string;
  args: string[];
  env?: Record<string, string>;
}

describe.skipIf(!inject("mcpHubTestDocker"))("client wiring through the CLI, the bridge and the hub", () => {
  let hub: HubContainer;
  let net: TestNetwork;

  beforeAll(async () => {
    hub = await startHubContainer();
    net = await testNetwork();
    await net.attachHub(hub);
    await addFixture(hub);
  });

  afterAll(async () => {
    await net?.remove();
    await hub?.remove();
    if (hub) await removeLabelled(hub.selector);
  });

  /** connect claude-desktop pointed at the test hub: its network and its data dir in place of the volume. */
  async function connectClaude(home: string): Promise<StdioEntry> {
    const res = await cli(
      [
        "client",
        "connect",
        "claude-desktop",
        "--network",
        net.name,
        "--data-volume",
        hub.dataDir,
        "--bridge-image",
        BRIDGE_IMAGE,
      ],
      home,
    );
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/restart Claude Desktop/);
    const config = JSON.parse(readFileSync(join(home, CLAUDE_CONFIG), "utf8")) as {
      mcpServers: Record<string, StdioEntry>;
    };
    return config.mcpServers["mcp-hub"]!;
  }

  it("Claude Desktop: the written command reaches the hub's tools, with progress and sampling", async () => {
    const home = tempHome();
    writeFileSync(
      join(home, CLAUDE_CONFIG),
      JSON.stringify({ mcpServers: { other: { command: "x" } } }, null, 2),
    );
    const preview = await cli(["client", "preview", "claude-desktop", "--network", net.name], home);
    expect(preview.code, preview.stderr).toBe(0);
    expect(preview.stdout).toMatch(/^\+.*"mcp-hub"/m);

    const entry = await connectClaude(home);
    // The original file is kept aside, and the other server survives the merge.
    expect(JSON.parse(readFileSync(join(home, `${CLAUDE_CONFIG}.mcp-hub.bak`), "utf8"))).toEqual({
      mcpServers: { other: { command: "x" } },
    });
    expect(JSON.stringify(entry)).not.toContain(hub.token);
    expect(entry.args).toEqual(expect.arrayContaining(["--client", "claude-desktop", "-i", "--rm"]));

    const hubFlags = ["--network", net.name, "--data-volume", hub.dataDir, "--bridge-image", BRIDGE_IMAGE];
    const status = await cli(["client", "ls", "--json", ...hubFlags], home);
    const claude = (JSON.parse(status.stdout) as { client: string; status: string }[]).find(
      (c) => c.client === "claude-desktop",
    );
    expect(claude?.status).toBe("connected");
    // Without the flags the entry differs from the default one, but is recognisably ours.
    const table = await cli(["client", "ls"], home);
    expect(table.stdout).toMatch(/^claude-desktop .* connected \(other settings\)/m);

    // Exactly what Claude Desktop does: spawn command + args (+ env) from the file.
    const connected = await connectStdio(
      { command: entry.command, args: entry.args, env: entry.env },
      { handlers: { sampling } },
    );
    try {
      const { tools } = await connected.client.listTools();
      expect(tools.map((t) => t.name)).toEqual(
        expect.arrayContaining(["fx__echo", "fx__progress", "fx__sample"]),
      );
      const seen: number[] = [];
      const progress = await connected.client.callTool(
        { name: "fx__progress", arguments: { steps: 3, delayMs: 5 } },
        undefined,
        {
          onprogress: (p) => seen.push(p.progress),
        },
      );
      expect(progress.content).toEqual([{ type: "text", text: "done" }]);
      expect(seen).toHaveLength(3);
      const sampled = await connected.client.callTool({ name: "fx__sample", arguments: { prompt: "hello" } });
      expect(sampled.content).toEqual([{ type: "text", text: "sampled: hello" }]);
    } finally {
      await connected.close();
    }
    const audit = await hub.api<{ events: { client?: string }[] }>("GET", "/audit?limit=100");
    expect(audit.body.events.some((e) => e.client === "claude-desktop")).toBe(true);

    const off = await cli(["client", "disconnect", "claude-desktop"], home);
    expect(off.code, off.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(home, CLAUDE_CONFIG), "utf8"))).toEqual({
      mcpServers: { other: { command: "x" } },
    });
  });

  it("VS Code over HTTP: url + headers from mcp.json, token typed in for ${input:…}", async () => {
    const home = tempHome([".config/Code/User"]);
    const res = await cli(
      ["client", "connect", "vscode", "--transport", "http", "--hub-url", `${hub.url}/mcp`],
      home,
    );
    expect(res.code, res.stderr).toBe(0);
    const file = readFileSync(join(home, ".config/Code/User/mcp.json"), "utf8");
    expect(file).not.toContain(hub.token);
    const config = parseJsonc(file) as {
      servers: Record<string, { type: string; url: string; headers: Record<string, string> }>;
      inputs: { id: string; password?: boolean }[];
    };
    const entry = config.servers["mcp-hub"]!;
    expect(entry.type).toBe("http");
    const inputId = config.inputs.find((i) => i.password)!.id;
    // What VS Code does with the promptString input the user answered.
    const headers = Object.fromEntries(
      Object.entries(entry.headers).map(([k, v]) => [k, v.replace(`\${input:${inputId}}`, hub.token)]),
    );
    const client = createTestClient({ handlers: { sampling } });
    await client.connect(new StreamableHTTPClientTransport(new URL(entry.url), { requestInit: { headers } }));
    try {
      expect((await client.listTools()).tools.map((t) => t.name)).toContain("fx__echo");
      const seen: number[] = [];
      await client.callTool({ name: "fx__progress", arguments: { steps: 2, delayMs: 5 } }, undefined, {
        onprogress: (p) => seen.push(p.progress),
      });
      expect(seen).toHaveLength(2);
      const sampled = await client.callTool({ name: "fx__sample", arguments: { prompt: "vs" } });
      expect(sampled.content).toEqual([{ type: "text", text: "sampled: vs" }]);
    } finally {
      await client.close();
    }
  });

  it("MCP Inspector CLI reads the written Claude Desktop config and lists the tools", async () => {
    const home = tempHome();
    await connectClaude(home);
    const res = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve, reject) => {
      const child = spawn(
        INSPECTOR_BIN,
        ["--cli", "--config", join(home, CLAUDE_CONFIG), "--server", "mcp-hub", "--method", "tools/list"],
        { cwd: INSPECTOR_CWD, env: userEnv(home), stdio: ["ignore", "pipe", "pipe"] },
      );
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
      child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
      const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
      child.on("error", reject);
      child.on("close", (code) => {
        clearTimeout(timer);
        resolve({ code: code ?? 1, stdout, stderr });
      });
    });
    expect(res.code, res.stderr).toBe(0);
    const { tools } = JSON.parse(res.stdout) as { tools: { name: string }[] };
    expect(tools.map((t) => t.name)).toEqual(expect.arrayContaining(["fx__echo", "fx__add"]));
  });

  describe("the Linux host helper (host/linux/mcp-hub-host) runs the writer in the hub image", () => {
    const helper = (args: string[], home: string) =>
      run(HOST_SCRIPT, args, {
        env: userEnv(home, {
          MCP_HUB_IMAGE: HUB_IMAGE,
          MCP_HUB_DOCKER_ARGS: `--label ${TEST_LABEL}=${runId()}`,
        }),
      });

    it("connects Claude Desktop in the user's home: file written, backup made, owner kept, disconnect restores", async () => {
      const home = tempHome();
      const original =
        '{\n  // the user\'s own\n  "mcpServers": { "mine": { "command": "node", "args": ["x.js"] } }\n}\n';
      const file = join(home, CLAUDE_CONFIG);
      writeFileSync(file, original, { mode: 0o640 });

      const res = await helper(["connect", "claude-desktop"], home);
      expect(res.code, res.stderr).toBe(0);
      // Paths in the output are the host's, not the container's mount.
      expect(res.stdout).toContain(`Updated ${file}`);
      expect(readFileSync(`${file}.mcp-hub.bak`, "utf8")).toBe(original);
      const written = parseJsonc(readFileSync(file, "utf8")) as { mcpServers: Record<string, StdioEntry> };
      expect(Object.keys(written.mcpServers)).toEqual(["mine", "mcp-hub"]);
      expect(written.mcpServers["mcp-hub"]!.args).toEqual(
        expect.arrayContaining([
          "--network",
          "mcp-hub",
          "mcp-hub-data:/data:ro",
          "mcp-hub-bridge:latest",
          "claude-desktop",
        ]),
      );
      expect(statSync(file).mode & 0o777).toBe(0o640);

      const ls = await helper(["ls", "--json"], home);
      expect(ls.code, ls.stderr).toBe(0);
      const claude = (JSON.parse(ls.stdout) as { client: string; status: string; file: string }[]).find(
        (c) => c.client === "claude-desktop",
      );
      expect(claude).toMatchObject({ status: "connected", file });

      const off = await helper(["disconnect", "claude-desktop"], home);
      expect(off.code, off.stderr).toBe(0);
      expect(readFileSync(file, "utf8")).toBe(original);
    });

    it("refuses anything but simple words, and unknown clients", async () => {
      const home = tempHome();
      const sneaky = await helper(["connect", "claude-desktop", "--data-volume", "/etc:/x"], home);
      expect(sneaky.code).toBe(2);
      expect(sneaky.stderr).toMatch(/refusing argument/);
      const unknown = await helper(["connect", "notepad"], home);
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toMatch(/unknown client "notepad"/);
    });
  });
});

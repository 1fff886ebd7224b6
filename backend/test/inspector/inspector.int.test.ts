/**
 * A third-party client against the hub: `@modelcontextprotocol/inspector-cli@1.0.3` in --cli mode lists and
 * calls the aggregated tools over Streamable HTTP with the bearer token in --header.
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { removeLabelled } from "../support/docker.js";
import { startHubContainer, type HubContainer } from "../support/hubContainer.js";
import { TEST_IMAGES } from "../support/images.js";

const INSPECTOR_BIN = fileURLToPath(new URL("../../../node_modules/.bin/mcp-inspector-cli", import.meta.url));
/**
 * The CLI checks `existsSync("../package.json")` against its cwd but imports that path relative to its own
 * file (for its client name), so it crashes unless the cwd's parent holds a package.json: run it from
 * backend/test, whose parent is backend/.
 */
const INSPECTOR_CWD = fileURLToPath(new URL("..", import.meta.url));
const RUN_TIMEOUT_MS = 60_000;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function inspector(args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(INSPECTOR_BIN, args, { cwd: INSPECTOR_CWD, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), RUN_TIMEOUT_MS);
    child.on("error", (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? 1, stdout, stderr });
    });
  });
}

describe.skipIf(!inject("mcpHubTestDocker"))("MCP Inspector CLI against the hub", () => {
  let hub: HubContainer;
  const withHub = (args: string[], options: { token?: boolean } = {}) => [
    "--cli",
    `${hub.url}/mcp`,
    "--transport",
    "http",
    ...(options.token === false ? [] : ["--header", `Authorization: Bearer ${hub.token}`]),
    ...args,
  ];

  beforeAll(async () => {
    hub = await startHubContainer();
    const added = await hub.api<{ state: string }>("POST", "/servers", {
      name: "fx",
      kind: "image",
      image: TEST_IMAGES.fixture,
    });
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    expect(added.body.state).toBe("ready");
  });

  afterAll(async () => {
    await hub?.remove();
    // The hub's server containers carry its selector, not the run id, so the run's teardown would miss them.
    if (hub) await removeLabelled(hub.selector);
  });

  it("lists the namespaced tools", async () => {
    const run = await inspector(withHub(["--method", "tools/list"]));
    expect(run.code, run.stderr).toBe(0);
    const { tools } = JSON.parse(run.stdout) as { tools: { name: string; inputSchema: unknown }[] };
    const names = tools.map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining(["fx__echo", "fx__add", "fx__progress", "fx__sample"]));
    // …besides the built-in registry server every hub has.
    expect(names.every((n) => n.startsWith("fx__") || n.startsWith("registry__"))).toBe(true);
  });

  it("calls a tool through the hub", async () => {
    const run = await inspector(
      withHub(["--method", "tools/call", "--tool-name", "fx__echo", "--tool-arg", "text=hi"]),
    );
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as { content: unknown; isError?: boolean };
    expect(result.isError ?? false).toBe(false);
    expect(result.content).toEqual([{ type: "text", text: "hi" }]);
  });

  it("is refused without the token", async () => {
    const run = await inspector(withHub(["--method", "tools/list"], { token: false }));
    expect(run.code, `${run.stdout}\n${run.stderr}`).not.toBe(0);
    expect(run.stdout).not.toContain("fx__echo");
    expect(run.stderr).toMatch(/401|unauthori[sz]ed|bearer token/i);
  });
});

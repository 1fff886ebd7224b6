import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { connect, mountedEnvContext } from "../../src/clients/index.js";
import {
  CLAUDE_FILE,
  CLAUDE_TEXT,
  GITHUB_TOKEN,
  REMOTE_TOKEN,
  startRunKit,
  USER_HOME,
  VSCODE_FILE,
  VSCODE_TEXT,
  type RunKit,
} from "./runKit.js";

/** What `connect` writes into a file of this text: the hub's entry, as the rewrite must add it. */
async function connected(client: string, file: string, text: string): Promise<string> {
  const home = mkdtempSync(join(tmpdir(), "mcp-hub-connect-"));
  try {
    const local = join(home, file.slice(USER_HOME.length));
    mkdirSync(dirname(local), { recursive: true });
    writeFileSync(local, text);
    await connect(client, {
      env: mountedEnvContext({ mount: home, platform: "linux", home: USER_HOME, env: {} }),
    });
    return readFileSync(local, "utf8");
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

/** The text without the lines that hold these entries (each entry of the fixtures starts its own line). */
function without(text: string, entries: string[]): string {
  const lines = text.split("\n");
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const entry = entries.find((e) => lines[i]!.trimStart().startsWith(`"${e}": {`));
    if (!entry) {
      out.push(lines[i]!);
      continue;
    }
    // A multi-line entry ends at the line closing it, at the same indentation.
    const indent = /^\s*/.exec(lines[i]!)![0];
    if (!lines[i]!.trimEnd().endsWith("},") && !lines[i]!.includes("}, //") && !/}\s*$/.test(lines[i]!))
      while (!lines[i]!.startsWith(`${indent}}`)) i++;
  }
  return out.join("\n");
}

describe("a migration run", () => {
  let kit: RunKit;
  afterEach(() => kit?.close());

  it("runs low, then medium, then high risk; a failure is undone while the others go on", async () => {
    kit = await startRunKit();
    kit.write(CLAUDE_FILE, CLAUDE_TEXT);
    kit.write(VSCODE_FILE, VSCODE_TEXT);
    kit.packager.failBuild.set(
      "weather",
      new Error("npm error code ETARGET: no matching version for weather-mcp"),
    );
    const plan = await kit.scanAndPlan([CLAUDE_FILE, VSCODE_FILE]);
    const risk = Object.fromEntries(plan.servers.map((s) => [s.name, s.risk]));
    expect(risk).toEqual({
      memory: "low",
      github: "medium",
      filesystem: "high",
      weather: "low",
      remote: "medium",
      time: "low",
    });

    const { run, events } = await kit.run(plan);
    const started = events
      .filter((e) => e.event === "server" && e.data.step === "secrets" && !e.data.done.length)
      .map((e) => (e.data as { name: string }).name);
    expect(started).toEqual(["memory", "weather", "time", "github", "remote", "filesystem"]);

    const state = Object.fromEntries(run.servers.map((s) => [s.name, s.state]));
    expect(state).toEqual({
      memory: "migrated",
      github: "migrated",
      filesystem: "migrated",
      weather: "failed",
      remote: "migrated",
      time: "migrated",
    });
    const weather = run.servers.find((s) => s.name === "weather")!;
    expect(weather).toMatchObject({ step: "build", done: ["secrets"] });
    expect(weather.error).toMatch(/image of weather did not build: npm error code ETARGET/);
    expect(weather.fix).toMatch(/build log/);
    // Undone: no hub entry, no image; the others deployed once each.
    expect(kit.packager.calls).toContain("removeImage weather");
    expect(kit.hub.calls.filter((c) => c.startsWith("add"))).toEqual([
      "add memory",
      "add time",
      "add github",
      "add remote",
      "add filesystem",
    ]);
    expect(run.state).toBe("done");

    const report = await kit.migrations.report(run.id);
    expect(report).toMatchObject({ migrated: 5, failed: 1, skipped: 2 });
    expect(report.entries.map((e) => e.entryName).sort()).toEqual(["asks", "weird"]);
  });

  it("deploys each server as planned: image, arguments, secrets by name, mounts, risk, audit, origin", async () => {
    kit = await startRunKit();
    kit.write(CLAUDE_FILE, CLAUDE_TEXT);
    const plan = await kit.scanAndPlan([CLAUDE_FILE], {
      "claude-desktop/filesystem": { writable: ["/home/ann/notes"] },
    });
    const { run } = await kit.run(plan, { only: ["github", "filesystem", "remote"] });
    expect(run.servers.find((s) => s.name === "memory")).toMatchObject({ state: "skipped" });
    expect(kit.hub.configs.get("github")).toMatchObject({
      kind: "image",
      image: "127.0.0.1:5000/mcp/github:1.2.3",
      secretEnv: { GITHUB_TOKEN: "GITHUB__GITHUB_TOKEN" },
      risk: "medium",
      audit: true,
      egress: true,
      description: expect.stringContaining(`"github" entry of ${CLAUDE_FILE}`),
    });
    expect(kit.hub.configs.get("github")).not.toHaveProperty("command");
    expect(kit.hub.configs.get("filesystem")).toMatchObject({
      command: ["/home/ann/notes"],
      mounts: [{ source: "/home/ann/notes", target: "/home/ann/notes", readOnly: false }],
      risk: "high",
    });
    expect(kit.hub.configs.get("remote")).toMatchObject({
      kind: "remote",
      url: "https://mcp.example.com/mcp",
      headerSecrets: { Authorization: "REMOTE__Authorization" },
    });
    // Values in the secret store under the plan's names; the handshake had them, by environment name.
    expect(await kit.secrets.get(["GITHUB__GITHUB_TOKEN", "REMOTE__Authorization"])).toEqual({
      GITHUB__GITHUB_TOKEN: GITHUB_TOKEN,
      REMOTE__Authorization: REMOTE_TOKEN,
    });
    expect(kit.packager.handshakeSecrets.get("github")).toEqual({ GITHUB__GITHUB_TOKEN: GITHUB_TOKEN });
    expect(kit.hub.calls).toContain("ping github");
  });

  it("rewrites each file: migrated entries out, connect's hub entry in, the rest byte for byte, one backup", async () => {
    kit = await startRunKit();
    kit.write(CLAUDE_FILE, CLAUDE_TEXT);
    kit.write(VSCODE_FILE, VSCODE_TEXT);
    kit.packager.failBuild.set("weather", new Error("build failed"));
    const plan = await kit.scanAndPlan([CLAUDE_FILE, VSCODE_FILE]);
    const { run } = await kit.run(plan);

    const claudeLeft = without(CLAUDE_TEXT, ["memory", "github", "filesystem", "remote"]);
    expect(claudeLeft).toContain('"weather"'); // failed: exactly as it was
    expect(kit.read(CLAUDE_FILE)).toBe(await connected("claude-desktop", CLAUDE_FILE, claudeLeft));
    // VS Code's comments, trailing commas and unmigratable entry stay; the migrated entry's line goes.
    const vscodeLeft = without(VSCODE_TEXT, ["time"]);
    expect(vscodeLeft).toContain("/* asks for a key */");
    expect(kit.read(VSCODE_FILE)).toBe(await connected("vscode", VSCODE_FILE, vscodeLeft));
    expect(readFileSync(`${kit.local(CLAUDE_FILE)}.mcp-hub.bak`, "utf8")).toBe(CLAUDE_TEXT);
    expect(readFileSync(`${kit.local(VSCODE_FILE)}.mcp-hub.bak`, "utf8")).toBe(VSCODE_TEXT);
    expect(run.files).toEqual([
      expect.objectContaining({
        file: CLAUDE_FILE,
        status: "written",
        servers: ["memory", "github", "filesystem", "remote"],
        backup: `${CLAUDE_FILE}.mcp-hub.bak`,
      }),
      expect.objectContaining({ file: VSCODE_FILE, status: "written", servers: ["time"] }),
    ]);
  });

  it("keeps secret values out of events, logs, reports and everything on disk but the secret store", async () => {
    kit = await startRunKit();
    kit.write(CLAUDE_FILE, CLAUDE_TEXT);
    // A handshake that fails echoing its environment, as a crashing server's stderr might.
    kit.packager.failHandshake.set(
      "github",
      new Error(`server exited: GITHUB_TOKEN=${GITHUB_TOKEN} rejected`),
    );
    const plan = await kit.scanAndPlan([CLAUDE_FILE]);
    expect(JSON.stringify(plan)).not.toContain(GITHUB_TOKEN);
    const { run, events } = await kit.run(plan);
    const github = run.servers.find((s) => s.name === "github")!;
    expect(github).toMatchObject({ state: "failed", step: "handshake" });
    expect(github.error).toContain("GITHUB_TOKEN=[secret] rejected");
    expect(events.some((e) => e.event === "log")).toBe(true);
    const shown = JSON.stringify({ events, report: await kit.migrations.report(run.id), run });
    for (const value of [GITHUB_TOKEN, "rem0te-t0ken-value"]) expect(shown).not.toContain(value);
    // On disk: the secret store has the remote's value (migrated); the failed server's secret went with it.
    const secretsFile = readFileSync(join(kit.dataDir, "secrets.json"), "utf8");
    expect(secretsFile).toContain("rem0te-t0ken-value");
    expect(secretsFile).not.toContain(GITHUB_TOKEN);
    const elsewhere = kit.dataFiles().replace(secretsFile, "");
    expect(elsewhere).not.toContain("rem0te-t0ken-value");
    // The failed server's entry stays in its file as it was, value included: the user's own file, untouched.
    expect(kit.read(CLAUDE_FILE)).toContain(`"GITHUB_TOKEN": "${GITHUB_TOKEN}"`);
  });

  it("fails a server whose secret the hub lacks, naming it and how to set it", async () => {
    kit = await startRunKit();
    kit.write(
      CLAUDE_FILE,
      JSON.stringify({
        mcpServers: {
          search: { command: "npx", args: ["-y", "search-mcp"], env: { API_KEY: "${env:SEARCH_KEY}" } },
        },
      }),
    );
    const plan = await kit.scanAndPlan([CLAUDE_FILE]);
    const { run } = await kit.run(plan);
    expect(run.servers[0]).toMatchObject({ state: "failed", step: "secrets" });
    expect(run.servers[0]!.error).toMatch(
      /needs secret the hub does not have: SEARCH__API_KEY \(API_KEY is \$\{env:SEARCH_KEY\}/,
    );
    expect(run.servers[0]!.fix).toMatch(/mcp-hub secret set/);

    // Set, then the same plan runs again for it.
    await kit.secrets.set("SEARCH__API_KEY", "from-the-user");
    const again = await kit.run(plan);
    expect(again.run.servers[0]).toMatchObject({ state: "migrated" });
    expect(kit.packager.handshakeSecrets.get("search")).toEqual({ SEARCH__API_KEY: "from-the-user" });
  });

  it("says the local registry is down before building, and still migrates a remote server", async () => {
    kit = await startRunKit({ registry: { state: "failed", port: 5000, error: "port 5000 is in use" } });
    kit.write(CLAUDE_FILE, CLAUDE_TEXT);
    const plan = await kit.scanAndPlan([CLAUDE_FILE]);
    const { run } = await kit.run(plan, { only: ["memory", "remote"] });
    const memory = run.servers.find((s) => s.name === "memory")!;
    expect(memory).toMatchObject({ state: "failed", step: "build" });
    expect(memory.error).toBe(
      "the local registry is failed (port 5000 is in use), so the image of memory has nowhere to go",
    );
    expect(memory.fix).toMatch(/Settings → Registry/);
    expect(run.servers.find((s) => s.name === "remote")).toMatchObject({ state: "migrated" });
    expect(kit.packager.calls.filter((c) => c.startsWith("build"))).toEqual([]);
  });

  it("migrates a remote behind OAuth as a server waiting for authorization, and the report says so", async () => {
    kit = await startRunKit({ oauthUrls: ["https://mcp.example.com/mcp"] });
    kit.write(CLAUDE_FILE, CLAUDE_TEXT);
    const plan = await kit.scanAndPlan([CLAUDE_FILE]);
    expect(plan.servers.find((s) => s.name === "remote")).toMatchObject({ oauth: true });
    const { run } = await kit.run(plan, { only: ["remote"] });
    const remote = run.servers.find((s) => s.name === "remote");
    expect(remote).toMatchObject({
      state: "migrated",
      note: expect.stringMatching(/waits for your authorization/),
    });
    expect(kit.hub.configs.get("remote")).toMatchObject({ kind: "remote", oauth: {} });
    // Waiting for the user is no failure: nothing was pinged, nothing undone, the entry moved behind the hub.
    expect(kit.hub.calls).toEqual(["add remote"]);
    expect(kit.read(CLAUDE_FILE)).not.toContain("mcp.example.com");
    const report = await kit.migrations.report(run.id);
    expect(report.servers.find((s) => s.name === "remote")?.note).toMatch(/mcp-hub server auth remote/);
  });
});

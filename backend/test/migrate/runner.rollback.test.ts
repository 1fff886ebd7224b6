import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it, vi } from "vitest";
import { mountedEnvContext, restore } from "../../src/clients/index.js";
import {
  CLAUDE_FILE,
  CLAUDE_TEXT,
  GITHUB_TOKEN,
  startRunKit,
  USER_HOME,
  VSCODE_FILE,
  VSCODE_TEXT,
  type RunKit,
} from "./runKit.js";

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

describe("a migration's way back", () => {
  let kit: RunKit;
  afterEach(() => kit?.close());

  it("rolls a migrated server back completely, its entry put back exactly as it was", async () => {
    kit = await startRunKit();
    kit.write(CLAUDE_FILE, CLAUDE_TEXT);
    const plan = await kit.scanAndPlan([CLAUDE_FILE]);
    const { run } = await kit.run(plan, { only: ["memory", "github", "remote"] });
    const migrated = kit.read(CLAUDE_FILE);
    expect(migrated).not.toContain('"github"');

    const after = await kit.migrations.rollback(run.id, "github");
    expect(after.servers.find((s) => s.name === "github")).toMatchObject({ state: "rolled-back" });
    expect(kit.hub.configs.has("github")).toBe(false);
    expect(kit.packager.calls).toContain("removeImage github");
    expect(await kit.secrets.names()).toEqual(["REMOTE__Authorization"]);
    // Its entry is back where it was, value included; the hub's entry stays for memory and remote.
    const file = kit.read(CLAUDE_FILE);
    expect(file).toContain(
      CLAUDE_TEXT.slice(CLAUDE_TEXT.indexOf('    "github"'), CLAUDE_TEXT.indexOf('    "filesystem"')),
    );
    expect(file).toContain('"mcp-hub"');
    // The run's record of the file: still written, for the servers whose entries are out of it.
    expect(after.files).toEqual([
      expect.objectContaining({ file: CLAUDE_FILE, status: "written", servers: ["memory", "remote"] }),
    ]);

    await kit.migrations.rollback(run.id, "memory");
    await kit.migrations.rollback(run.id, "remote");
    // Nothing left behind the hub: the file is the original, byte for byte, and so is its backup.
    expect(kit.read(CLAUDE_FILE)).toBe(CLAUDE_TEXT);
    expect(kit.hub.configs.size).toBe(1); // the built-in only
    expect(await kit.secrets.names()).toEqual([]);
    const report = await kit.migrations.report(run.id);
    expect(report.servers.filter((s) => s.state === "rolled-back").map((s) => s.name)).toEqual([
      "memory",
      "github",
      "remote",
    ]);
    // Every entry the run took out is back: the file says so, with the servers put back.
    expect(report.files).toEqual([
      expect.objectContaining({
        file: CLAUDE_FILE,
        status: "restored",
        servers: ["memory", "github", "remote"],
        backup: `${CLAUDE_FILE}.mcp-hub.bak`,
      }),
    ]);
    await expect(kit.migrations.rollback(run.id, "memory")).rejects.toThrow(/memory is rolled-back/);
    expect(readFileSync(`${kit.local(CLAUDE_FILE)}.mcp-hub.bak`, "utf8")).toBe(CLAUDE_TEXT);
  });

  it("keeps one backup through later migrations, so `client restore` brings the original back", async () => {
    kit = await startRunKit();
    kit.write(CLAUDE_FILE, CLAUDE_TEXT);
    const first = await kit.run(await kit.scanAndPlan([CLAUDE_FILE]), { only: ["memory"] });
    // A later scan reads the rewritten file and migrates another server from it.
    const second = await kit.run(await kit.scanAndPlan([CLAUDE_FILE]), { only: ["github"] });
    expect(second.run.servers.find((s) => s.name === "github")).toMatchObject({ state: "migrated" });
    expect(kit.read(CLAUDE_FILE)).not.toMatch(/"memory"|"github"/);
    // Rolling back the first run's server puts its entry back into the file the second run wrote.
    await kit.migrations.rollback(first.run.id, "memory");
    expect(kit.read(CLAUDE_FILE)).toContain('"memory": { "command": "npx"');
    expect(kit.read(CLAUDE_FILE)).not.toContain('"github"');
    // The first run's entries are all back, whatever later runs took out of the file.
    expect(kit.migrations.run(first.run.id).files).toEqual([
      expect.objectContaining({ status: "restored", servers: ["memory"] }),
    ]);

    const env = mountedEnvContext({ mount: kit.hostHome, platform: "linux", home: USER_HOME, env: {} });
    const restored = await restore("claude-desktop", { env });
    expect(restored.status).toBe("restored");
    expect(kit.read(CLAUDE_FILE)).toBe(CLAUDE_TEXT);
  });

  it("refuses a file changed since the scan: its servers are undone and the file left as the user made it", async () => {
    kit = await startRunKit();
    kit.write(CLAUDE_FILE, CLAUDE_TEXT);
    kit.write(VSCODE_FILE, VSCODE_TEXT);
    const plan = await kit.scanAndPlan([CLAUDE_FILE, VSCODE_FILE]);
    const edited = VSCODE_TEXT.replace("my servers, by hand", "edited after the scan");
    kit.write(VSCODE_FILE, edited);
    const { run } = await kit.run(plan, { only: ["memory", "time"] });

    expect(kit.read(VSCODE_FILE)).toBe(edited);
    const time = run.servers.find((s) => s.name === "time")!;
    expect(time).toMatchObject({ state: "failed", step: "rewrite" });
    expect(time.error).toMatch(/mcp\.json was not rewritten: .*changed since the hub read it/);
    expect(time.fix).toMatch(/scan the client files again/);
    expect(kit.hub.configs.has("time")).toBe(false);
    expect(kit.packager.calls).toContain("removeImage time");
    expect(run.files.find((f) => f.file === VSCODE_FILE)).toMatchObject({
      status: "changed-since-scan",
      fix: expect.stringContaining("scan the client files again"),
    });
    expect(run.servers.find((s) => s.name === "memory")).toMatchObject({ state: "migrated" });
  });

  it("waits for the host side when the hub cannot write the user's files, then applies what it reports", async () => {
    kit = await startRunKit({ writable: false });
    kit.write(CLAUDE_FILE, CLAUDE_TEXT);
    kit.write(VSCODE_FILE, VSCODE_TEXT);
    const plan = await kit.scanAndPlan([CLAUDE_FILE, VSCODE_FILE]);
    const { run } = await kit.run(plan, { only: ["memory", "time"], until: ["waiting-for-rewrite"] });
    expect(run.servers.map((s) => [s.name, s.state, s.step])).toContainEqual([
      "memory",
      "running",
      "rewrite",
    ]);
    expect(kit.read(CLAUDE_FILE)).toBe(CLAUDE_TEXT); // nothing written by the hub

    const rewrites = kit.migrations.rewrites(run.id);
    expect(rewrites.map((r) => [r.file, r.removed, r.hubEntryAdded])).toEqual([
      [CLAUDE_FILE, ["memory"], true],
      [VSCODE_FILE, ["time"], true],
    ]);
    expect(rewrites[0]!.expectedSha256).toBe(sha256(CLAUDE_TEXT));
    // The host helper writes the first and finds the second changed.
    kit.write(CLAUDE_FILE, rewrites[0]!.text);
    const done = await kit.migrations.outcomes(run.id, {
      outcomes: [
        { file: CLAUDE_FILE, status: "written", backup: `${CLAUDE_FILE}.mcp-hub.bak` },
        { file: VSCODE_FILE, status: "changed-since-scan", error: `${VSCODE_FILE} changed since the scan` },
      ],
    });
    expect(done.state).toBe("done");
    expect(done.servers.map((s) => [s.name, s.state])).toEqual(
      expect.arrayContaining([
        ["memory", "migrated"],
        ["time", "failed"],
      ]),
    );
    expect(kit.hub.configs.has("time")).toBe(false);
    expect(kit.migrations.rewrites(run.id)).toEqual([]);

    // A rollback waits for the host side too; the hub's part is undone once the file is written.
    const back = await kit.migrations.rollback(run.id, "memory");
    expect(back.state).toBe("waiting-for-rewrite");
    expect(kit.hub.configs.has("memory")).toBe(true);
    const [undo] = kit.migrations.rewrites(run.id);
    expect(undo).toMatchObject({ restored: ["memory"], expectedSha256: sha256(rewrites[0]!.text) });
    expect(undo!.text).toBe(CLAUDE_TEXT);
    await kit.migrations.outcomes(run.id, { outcomes: [{ file: CLAUDE_FILE, status: "written" }] });
    expect(kit.hub.configs.has("memory")).toBe(false);
    expect(kit.migrations.run(run.id).servers.find((s) => s.name === "memory")).toMatchObject({
      state: "rolled-back",
    });
  });

  it("leaves a server migrated when its file changed before the rollback could put the entry back", async () => {
    kit = await startRunKit({ writable: false });
    kit.write(CLAUDE_FILE, CLAUDE_TEXT);
    const { run } = await kit.run(await kit.scanAndPlan([CLAUDE_FILE]), {
      only: ["memory"],
      until: ["waiting-for-rewrite"],
    });
    const [rewrite] = kit.migrations.rewrites(run.id);
    await kit.migrations.outcomes(run.id, { outcomes: [{ file: CLAUDE_FILE, status: "written" }] });
    await kit.migrations.rollback(run.id, "memory");
    const after = await kit.migrations.outcomes(run.id, {
      outcomes: [{ file: CLAUDE_FILE, status: "changed-since-scan", error: "the user edited it" }],
    });
    expect(rewrite!.removed).toEqual(["memory"]);
    expect(after.state).toBe("done");
    expect(after.servers.find((s) => s.name === "memory")).toMatchObject({ state: "migrated" });
    expect(after.files).toEqual([
      expect.objectContaining({
        status: "changed-since-scan",
        error: "the user edited it",
        fix: expect.stringContaining("mcp-hub client restore"),
      }),
    ]);
    expect(kit.hub.configs.has("memory")).toBe(true);
    // Tried again once the file is back as the hub wrote it: the entry goes back and the server goes.
    await kit.migrations.rollback(run.id, "memory");
    await kit.migrations.outcomes(run.id, { outcomes: [{ file: CLAUDE_FILE, status: "written" }] });
    expect(kit.migrations.run(run.id).servers.find((s) => s.name === "memory")).toMatchObject({
      state: "rolled-back",
    });
    expect(kit.hub.configs.has("memory")).toBe(false);
  });

  it("resumes a run a hub restart interrupted, from each server's last step done", async () => {
    kit = await startRunKit();
    kit.write(CLAUDE_FILE, CLAUDE_TEXT);
    let release!: () => void;
    kit.packager.holdHandshake.set("github", new Promise<void>((resolve) => (release = resolve)));
    const plan = await kit.scanAndPlan([CLAUDE_FILE]);
    const started = await kit.migrations.start({ plan: plan.id, only: ["memory", "github", "filesystem"] });
    await vi.waitFor(() => expect(kit.packager.calls).toContain("handshake github"));

    // The hub stops while github's handshake runs; the restarted hub finds the run interrupted.
    kit.packager.holdHandshake.delete("github");
    kit = await kit.restart();
    release();
    const interrupted = kit.migrations.run(started.id);
    expect(interrupted.state).toBe("interrupted");
    const chosen = interrupted.servers.filter((s) => s.state !== "skipped");
    expect(chosen.map((s) => [s.name, s.state, s.step])).toEqual([
      ["memory", "running", "rewrite"],
      ["github", "running", "handshake"],
      ["filesystem", "pending", undefined],
    ]);

    await kit.migrations.resume(started.id);
    await vi.waitFor(() => expect(kit.migrations.run(started.id).state).toBe("done"));
    const run = kit.migrations.run(started.id);
    expect(run.servers.map((s) => s.state)).toEqual([
      "migrated",
      "migrated",
      "migrated",
      "skipped",
      "skipped",
    ]);
    // Nothing done twice: one build per server (github's image was pushed before the stop), one deploy each.
    const count = (call: string) => kit.packager.calls.filter((c) => c === call).length;
    expect([count("build memory"), count("build github"), count("handshake github")]).toEqual([1, 1, 2]);
    expect(kit.hub.calls.filter((c) => c.startsWith("add"))).toEqual([
      "add memory",
      "add github",
      "add filesystem",
    ]);
    expect(kit.read(CLAUDE_FILE)).not.toMatch(/"(memory|github|filesystem)"/);
    expect(await kit.secrets.get(["GITHUB__GITHUB_TOKEN"])).toEqual({ GITHUB__GITHUB_TOKEN: GITHUB_TOKEN });
    await expect(kit.migrations.resume(started.id)).rejects.toThrow(/only an interrupted run resumes/);
  });
});

import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { extract } from "tar-stream";
import { afterEach, describe, expect, it } from "vitest";
import type { Scan } from "@mcp-hub/contracts";
import type { EnvContext } from "../../src/clients/index.js";
import type { HubConnection } from "../../src/cli/hubClient.js";
import { sendScriptFolders } from "../../src/cli/migrateFiles.js";
import { packScriptFolder } from "../../src/migrate/index.js";

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A temp folder with these files (relative path → content). */
function folder(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), "mcp-hub-script-"));
  made.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

async function namesIn(tar: Buffer): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const reader = extract();
  const reading = (async () => {
    for await (const entry of reader) {
      const chunks: Buffer[] = [];
      for await (const chunk of entry) chunks.push(chunk as Buffer);
      out[entry.header.name] = Buffer.concat(chunks).toString("utf8");
    }
  })();
  reader.end(tar);
  await reading;
  return out;
}

describe("a local script's folder as a tar", () => {
  it("keeps the server's files and leaves out dependencies, caches, version control, credentials and links", async () => {
    const home = folder({ ".bashrc": "" });
    const dir = join(home, "tools", "notes");
    mkdirSync(dir, { recursive: true });
    const files = {
      "server.py": "print('hi')",
      "lib/helpers.py": "x = 1",
      "requirements.txt": "mcp",
      ".env.example": "KEY=",
      ".env": "KEY=do-not-send",
      "node_modules/left/index.js": "x",
      ".git/HEAD": "ref",
      ".venv/bin/python": "x",
      "lib/__pycache__/helpers.pyc": "x",
      ".ssh/id_rsa": "key",
    };
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    symlinkSync(join(home, ".bashrc"), join(dir, "linked"));

    const packed = await packScriptFolder({ dir, home, shownAs: "/home/ann/tools/notes" });
    if (packed.status !== "packed") throw new Error(packed.reason);
    expect(await namesIn(packed.tar)).toEqual({
      ".env.example": "KEY=",
      "lib/helpers.py": "x = 1",
      "requirements.txt": "mcp",
      "server.py": "print('hi')",
    });
    expect(packed.files).toBe(4);
    expect(packed.leftOut.sort()).toEqual(
      [".env", ".git/", ".ssh/", ".venv/", "lib/__pycache__/", "linked (a link)", "node_modules/"].sort(),
    );
  });

  it("refuses a folder over the cap, saying what to do", async () => {
    const dir = folder({ "server.js": "x".repeat(4000), "data.bin": "y".repeat(8000) });
    const home = folder({});
    const packed = await packScriptFolder({ dir, home, shownAs: "/srv/big", maxBytes: 10_000 });
    expect(packed).toEqual({ status: "refused", reason: expect.stringContaining("more than") });
    expect(packed.status === "refused" && packed.reason).toMatch(
      /\/srv\/big .*without node_modules, \.git, \.venv and __pycache__: move the script into a folder with only what it needs/,
    );
    // What is left out does not count: the same folder fits once the big file is a dependency.
    const slim = folder({ "server.js": "x".repeat(4000), "node_modules/dep/data.bin": "y".repeat(8000) });
    expect((await packScriptFolder({ dir: slim, home, shownAs: "/srv/slim", maxBytes: 10_000 })).status).toBe(
      "packed",
    );
  });

  it("never sends the home folder, nor one that holds it", async () => {
    const home = folder({ "server.js": "x", ".ssh/id_rsa": "key" });
    for (const dir of [home, dirname(home), "/"]) {
      const packed = await packScriptFolder({ dir, home, shownAs: dir });
      expect(packed).toEqual({
        status: "refused",
        reason: expect.stringMatching(/your home folder, and a home folder is never sent/),
      });
    }
    expect(await packScriptFolder({ dir: join(home, "nope"), home, shownAs: "~/nope" })).toEqual({
      status: "refused",
      reason: "~/nope does not exist here",
    });
  });
});

describe("sending the scripts' folders of a scan", () => {
  const home = "/home/ann";
  const scanOf = (source: string): Scan => ({
    id: "scan-1",
    createdAt: "2026-01-01T00:00:00.000Z",
    platform: "linux",
    files: [
      {
        status: "ok",
        origin: "claude-desktop",
        file: `${home}/.config/Claude/claude_desktop_config.json`,
        candidates: [
          {
            key: "claude-desktop/local",
            origin: "claude-desktop",
            file: `${home}/.config/Claude/claude_desktop_config.json`,
            entryName: "local",
            kind: "script",
            source,
            launcher: "python3",
            args: [],
            envNames: [],
            paths: [],
            isHub: false,
          },
        ],
      },
    ],
  });
  // Refusals never reach the hub: a connection nothing answers proves it.
  const nowhere: HubConnection = { url: "http://127.0.0.1:9", dataDir: "/nonexistent" };

  it("refuses, with the reason, a script in the home itself, a relative one, and one outside a mounted home", async () => {
    const local = folder({ "server.py": "x" });
    const mounted: EnvContext = {
      platform: "linux",
      home,
      env: {},
      toLocalPath: (p) => (p.startsWith(home) ? join(local, p.slice(home.length)) : "/nonexistent"),
    };
    const reasons = async (source: string, options = {}) =>
      (await sendScriptFolders(nowhere, scanOf(source), mounted, options)).map((f) =>
        f.status === "refused" ? f.reason : "sent",
      );
    expect(await reasons("~/server.py")).toEqual([expect.stringMatching(/is \(or holds\) your home folder/)]);
    expect(await reasons("server.py")).toEqual([
      expect.stringMatching(/relative to wherever the client starts it/),
    ]);
    expect(await reasons("/opt/tools/server.py")).toEqual([
      expect.stringMatching(/^\/opt\/tools is outside your home, the only folder shared with the hub/),
    ]);
    // The CLI's words in the reason; the flag lets the dashboard say it its own way.
    expect(await sendScriptFolders(nowhere, scanOf("${workspaceFolder}/server.py"), mounted)).toEqual([
      expect.objectContaining({
        status: "refused",
        reason: expect.stringMatching(/give it with --workspace-folder/),
        needsWorkspaceFolder: true,
      }),
    ]);
    expect(await sendScriptFolders(nowhere, scanOf("server.py"), mounted)).toEqual([
      expect.not.objectContaining({ needsWorkspaceFolder: true }),
    ]);
  });
});

import { describe, expect, it } from "vitest";
import { pack } from "tar-stream";
import { readScriptFolder, ScriptFolderRefused } from "../../src/packaging/scriptFolder.js";

interface Entry {
  name: string;
  mode?: number;
  type?: "file" | "directory" | "symlink";
  linkname?: string;
  data?: string;
}

async function tar(entries: Entry[]): Promise<Buffer> {
  const packer = pack();
  for (const { data, ...header } of entries) packer.entry(header, data ?? "");
  packer.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of packer) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

const file = (name: string, data = "x", mode = 0o644): Entry => ({ name, data, mode });

describe("a local script's folder", () => {
  it("keeps the script and its files, leaving out installed dependencies, caches, version control and credentials", async () => {
    const folder = await readScriptFolder(
      await tar([
        file("./server.py", "print()", 0o755),
        file("lib/util.py"),
        { name: "lib", type: "directory" },
        file(".env", "API_KEY=1"),
        file(".env.local", "API_KEY=2"),
        file(".env.example", "API_KEY="),
        file("node_modules/a/index.js"),
        file("sub/node_modules/b/index.js"),
        file(".git/config"),
        file("__pycache__/x.pyc"),
        file(".venv/bin/python"),
        file(".npmrc", "//x/:_authToken=t"),
        file("deploy/.ssh/id_rsa"),
        { name: "link", type: "symlink", linkname: "/etc/passwd" },
      ]),
    );
    expect(folder.files.map((f) => [f.path, f.mode])).toEqual([
      [".env.example", 0o644],
      ["lib/util.py", 0o644],
      ["server.py", 0o755],
    ]);
    expect(folder.leftOut).toEqual([
      ".env",
      ".env.local",
      ".git/",
      ".npmrc",
      ".venv/",
      "__pycache__/",
      "deploy/.ssh/",
      "link (symlink)",
      "node_modules/",
      "sub/node_modules/",
    ]);
    expect(folder.files.find((f) => f.path === "server.py")!.data.toString()).toBe("print()");
  });

  it("never takes a home folder", async () => {
    for (const marker of [".bashrc", ".zshrc", ".ssh/known_hosts", "NTUSER.DAT"])
      await expect(readScriptFolder(await tar([file("server.py"), file(marker)]))).rejects.toThrow(
        /looks like a home folder .* never copied into an image/,
      );
  });

  it("refuses paths that leave the folder", async () => {
    for (const name of ["../etc/passwd", "/etc/passwd", "a/../../b", "C:/Windows/x"])
      await expect(readScriptFolder(await tar([file(name)]))).rejects.toThrow(
        /points outside the script's folder/,
      );
  });

  it("caps what it takes, after the exclusions", async () => {
    const limits = { maxBytes: 1024, maxFiles: 3 };
    const big = "x".repeat(600);
    await expect(readScriptFolder(await tar([file("a", big), file("b", big)]), limits)).rejects.toThrow(
      ScriptFolderRefused,
    );
    await expect(
      readScriptFolder(await tar([file("a"), file("b"), file("c"), file("d")]), limits),
    ).rejects.toThrow(/more than 1 KiB or 3 files/);
    // Large installed dependencies do not count: they never go in.
    const kept = await readScriptFolder(
      await tar([file("a", big), file("node_modules/x", big + big)]),
      limits,
    );
    expect(kept.files.map((f) => f.path)).toEqual(["a"]);
  });

  it("says so when it is no tar at all", async () => {
    await expect(readScriptFolder(Buffer.from("not a tar archive, just text".repeat(40)))).rejects.toThrow(
      /not a readable tar/,
    );
  });
});

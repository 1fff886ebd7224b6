import { chmod, mkdir, readFile, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { parse } from "jsonc-parser";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  CLIENTS,
  connect,
  disconnect,
  resolveHubEntryOptions,
  resolveTarget,
  type ClientDefinition,
  type Platform,
  type Transport,
} from "../../src/clients/index.js";
import { envFor, fixture, listFiles, PLATFORMS, sandbox, type Sandbox } from "./support.js";

/** Base files every client is tried on; `mcpServers` is renamed to the client's own servers key. */
const CASES: { name: string; file: string | null; only?: string[] }[] = [
  { name: "missing file", file: null },
  { name: "empty object", file: "empty-object.json" },
  { name: "existing entries", file: "claude-existing.json" },
  { name: "CRLF and 4-space indent", file: "crlf-4space.json" },
  { name: "compact one-liner", file: "compact.json" },
  {
    name: "JSONC comments and trailing commas",
    file: "vscode-jsonc.json",
    only: ["vscode", "vscode-insiders"],
  },
  { name: "Zed settings with tabs and comments", file: "zed-settings.jsonc", only: ["zed"] },
];

function textFor(def: ClientDefinition, raw: string): string {
  return raw.replaceAll('"mcpServers"', JSON.stringify(def.serversPath[0]));
}

function parsed(text: string): Record<string, unknown> {
  return parse(text, [], { allowTrailingComma: true }) as Record<string, unknown>;
}

let box: Sandbox;
beforeEach(async () => {
  box = await sandbox();
});
afterEach(async () => {
  await box.cleanup();
});

describe.each(PLATFORMS)("connect/disconnect round trip on %s", (platform: Platform) => {
  const combos = CLIENTS.flatMap((def) =>
    def.transports.map((transport) => [def.id, transport, def] as const),
  );
  describe.each(combos)("%s over %s", (_id, transport: Transport, def) => {
    it.each(CASES.filter((c) => !c.only || c.only.includes(def.id)))("$name", async ({ file }) => {
      const env = envFor(platform, box.root);
      const target = await resolveTarget(def.id, { env });
      const original = file === null ? null : textFor(def, await fixture(file));
      if (original !== null) {
        await mkdir(path.dirname(target.localFile), { recursive: true });
        await writeFile(target.localFile, original);
        await chmod(target.localFile, 0o640);
      }

      const first = await connect(def.id, { env, transport });
      expect(first.status).toBe("written");
      expect(first.diff).toContain(`+`);
      const written = await readFile(target.localFile, "utf8");
      const doc = parsed(written);
      const servers = doc[def.serversPath[0] as string] as Record<string, unknown>;
      const ctx = { options: resolveHubEntryOptions(), env, scope: "user" as const };
      expect(servers["mcp-hub"]).toEqual(def.entry(transport, ctx));

      // Everything that was there is still there, unchanged.
      if (original !== null) {
        const before = parsed(original);
        for (const [key, value] of Object.entries(before)) {
          if (key === def.serversPath[0]) {
            for (const [name, entry] of Object.entries(value as Record<string, unknown>))
              expect(servers[name]).toEqual(entry);
          } else if (key === "inputs") {
            expect((doc.inputs as unknown[]).slice(0, (value as unknown[]).length)).toEqual(value);
          } else expect(doc[key]).toEqual(value);
        }
        expect((await stat(target.localFile)).mode & 0o777).toBe(0o640);
        expect(await readFile(target.localBackup, "utf8")).toBe(original);
      }
      if (transport === "http" && def.companionInput) {
        expect(doc.inputs).toContainEqual(def.companionInput(ctx).value);
      }
      if (def.id === "claude-desktop" && platform === "win32") {
        expect(Object.keys((servers["mcp-hub"] as { env: object }).env).sort()).toEqual([
          "APPDATA",
          "LOCALAPPDATA",
          "ProgramData",
          "ProgramFiles",
          "SystemRoot",
          "USERPROFILE",
        ]);
      }

      const again = await connect(def.id, { env, transport });
      expect(again).toMatchObject({ status: "unchanged", diff: "" });
      expect(await readFile(target.localFile, "utf8")).toBe(written);
      expect((await listFiles(box.root)).filter((f) => f.endsWith(".tmp"))).toEqual([]);

      const undo = await disconnect(def.id, { env });
      if (original === null) {
        expect(undo.status).toBe("removed");
        await expect(stat(target.localFile)).rejects.toThrow(/ENOENT/);
      } else {
        expect(undo).toMatchObject({ status: "written", restoredBackup: true });
        expect(await readFile(target.localFile, "utf8")).toBe(original);
        expect((await stat(target.localFile)).mode & 0o777).toBe(0o640);
        await expect(stat(target.localBackup)).rejects.toThrow(/ENOENT/);
      }
      expect((await listFiles(box.root)).filter((f) => f.endsWith(".tmp"))).toEqual([]);
    });
  });
});

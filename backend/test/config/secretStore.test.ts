import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createSecretStore, type SecretStore } from "../../src/config/index.js";
import { BadRequest, InvalidState } from "../../src/errors/index.js";

let dir: string;
let store: SecretStore;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "mcp-hub-secrets-"));
  store = createSecretStore({ dataDir: dir });
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("secret store", () => {
  it("starts empty without creating a file", async () => {
    expect(await store.names()).toEqual([]);
    await expect(stat(store.file)).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("sets, lists names, gets values and removes", async () => {
    await store.set("GITHUB_TOKEN", "ghp_value1");
    await store.set("API_KEY", "k-2");
    expect(await store.names()).toEqual(["API_KEY", "GITHUB_TOKEN"]);
    expect(await store.get(["GITHUB_TOKEN"])).toEqual({ GITHUB_TOKEN: "ghp_value1" });
    expect(await store.remove("API_KEY")).toBe(true);
    expect(await store.remove("API_KEY")).toBe(false);
    expect(await store.names()).toEqual(["GITHUB_TOKEN"]);
  });

  it("writes the file with mode 0600 and keeps values across instances", async () => {
    await store.set("A", "1");
    expect((await stat(store.file)).mode & 0o777).toBe(0o600);
    await store.set("B", "2");
    expect((await stat(store.file)).mode & 0o777).toBe(0o600);
    expect(await createSecretStore({ dataDir: dir }).get(["A", "B"])).toEqual({ A: "1", B: "2" });
  });

  it("lists every missing name in one error", async () => {
    await store.set("PRESENT", "x");
    const error = await store.get(["PRESENT", "MISSING_ONE", "MISSING_TWO"]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadRequest);
    expect((error as Error).message).toContain("MISSING_ONE, MISSING_TWO");
    expect((error as Error).message).not.toContain("PRESENT");
  });

  it("rejects names that cannot be environment variables", async () => {
    for (const name of ["1ABC", "has-dash", "", "__proto__"])
      await expect(store.set(name, "v")).rejects.toBeInstanceOf(BadRequest);
    expect(await store.names()).toEqual([]);
  });

  it("serializes concurrent writes", async () => {
    const names = Array.from({ length: 10 }, (_, i) => `S${i}`);
    await Promise.all(names.map((name) => store.set(name, `v-${name}`)));
    expect(await store.names()).toEqual(names);
  });

  it("refuses an unreadable file without leaking values or overwriting it", async () => {
    const broken = '{\n  "A": "very-secret-value",\n  "B": \n}';
    await writeFile(store.file, broken);
    const error = await store.names().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidState);
    expect((error as Error).message).toContain("line 4, column 1");
    expect((error as Error).message).not.toContain("very-secret-value");
    await expect(store.set("C", "x")).rejects.toBeInstanceOf(InvalidState);
    expect(await readFile(store.file, "utf8")).toBe(broken);
  });

  it("refuses a file with a non-string value, naming the key", async () => {
    await writeFile(store.file, JSON.stringify({ OK: "x", NUM: 42 }));
    const error = (await store.get(["OK"]).catch((e: unknown) => e)) as InvalidState;
    expect(error).toBeInstanceOf(InvalidState);
    expect(error.issues.map((i) => i.path)).toEqual(["NUM"]);
    expect(error.message).not.toContain("42");
  });
});

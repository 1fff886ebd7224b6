import { mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createStateStore, emptyState, type HubState, type StateStore } from "../../src/config/index.js";
import { InvalidState } from "../../src/errors/index.js";

const log = pino({ level: "silent" });
let dir: string;
let file: string;
let store: StateStore;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "mcp-hub-state-"));
  file = join(dir, "hub.json");
  store = createStateStore({ dataDir: dir, log });
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const imageServer = (name: string) => ({ kind: "image" as const, name, image: `example/${name}:1` });
const mode = async (path: string) => (await stat(path)).mode & 0o777;

async function rejection(promise: Promise<unknown>): Promise<InvalidState> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InvalidState);
  return error as InvalidState;
}

describe("load", () => {
  it("writes the empty state when the file is missing", async () => {
    const state = await store.load();
    expect(state).toEqual(emptyState());
    expect(JSON.parse(await readFile(file, "utf8"))).toEqual(emptyState());
    expect(await mode(file)).toBe(0o600);
    expect(store.current()).toEqual(emptyState());
  });

  it("creates a missing data directory", async () => {
    const nested = join(dir, "a", "b");
    const state = await createStateStore({ dataDir: nested, log }).load();
    expect(state.version).toBe(1);
    expect((await stat(join(nested, "hub.json"))).isFile()).toBe(true);
  });

  it("reads a valid file and applies defaults", async () => {
    await writeFile(file, JSON.stringify({ version: 1, servers: [imageServer("alpha")] }));
    const state = await store.load();
    expect(state.servers[0]).toMatchObject({
      name: "alpha",
      enabled: true,
      risk: "medium",
      transport: "stdio",
    });
    expect(state.settings.callTimeoutMs).toBe(60_000);
  });

  it("reports a JSON syntax error with file, line and column, and leaves the bytes alone", async () => {
    const text = '{\n  "version": 1,\n  "servers": [,]\n}\n';
    await writeFile(file, text);
    const before = await readFile(file);
    const error = await rejection(store.load());
    expect(error.message).toContain(file);
    expect(error.message).toContain("line 3, column 15");
    expect(error.file).toBe(file);
    expect(await readFile(file)).toEqual(before);
  });

  it("never leaks the offending text of a syntax error", async () => {
    await writeFile(file, '{"version": 1, "x": "sensitive-value" oops}');
    const error = await rejection(store.load());
    expect(error.message).toMatch(/line 1, column \d+/);
    expect(error.message).not.toContain("sensitive-value");
  });

  it("names every invalid field by its exact path", async () => {
    await writeFile(
      file,
      JSON.stringify({
        version: 1,
        servers: [
          imageServer("alpha"),
          imageServer("beta"),
          { kind: "image", name: "gamma" },
          { ...imageServer("delta"), risk: "huge" },
        ],
        clients: { "claude-desktop": { servers: ["Not Valid"] } },
      }),
    );
    const error = await rejection(store.load());
    const paths = error.issues.map((i) => i.path);
    expect(paths).toEqual(["servers[2].image", "servers[3].risk", 'clients["claude-desktop"].servers[0]']);
    expect(error.issues[0]?.message).toMatch(/expected string/);
    expect(error.message).toContain("servers[2].image: ");
  });

  it("reports cross-field rules (duplicates) by path too", async () => {
    await writeFile(
      file,
      JSON.stringify({ version: 1, servers: [imageServer("same"), imageServer("same")] }),
    );
    const error = await rejection(store.load());
    expect(error.issues).toEqual([{ path: "servers[1].name", message: 'duplicate server name "same"' }]);
  });
});

describe("an invalid file is never overwritten", () => {
  it("refuses save and update after a failed load, until a valid load", async () => {
    await writeFile(file, JSON.stringify({ version: 1 }));
    await store.load();
    const broken = '{ "version": 2 }';
    await writeFile(file, broken);
    await rejection(store.load());

    await rejection(store.save(emptyState()));
    await rejection(
      store.update((s) => void s.servers.push(imageServer("x") as HubState["servers"][number])),
    );
    expect(await readFile(file, "utf8")).toBe(broken);
    expect(await readdir(dir)).toEqual(["hub.json"]);

    await writeFile(file, JSON.stringify({ version: 1 }));
    await store.load();
    await store.update((s) => void s.servers.push(imageServer("x") as HubState["servers"][number]));
    expect(JSON.parse(await readFile(file, "utf8")).servers[0].name).toBe("x");
  });

  it("refuses to replace a file broken by hand after a good load", async () => {
    await store.load();
    await writeFile(file, "{ oops");
    await rejection(store.save(emptyState()));
    expect(await readFile(file, "utf8")).toBe("{ oops");
  });

  it("refuses to save an invalid state, naming the field, and keeps the file", async () => {
    await store.load();
    const before = await readFile(file);
    const bad = {
      ...emptyState(),
      servers: [{ ...imageServer("ok"), name: "Bad Name" }],
    } as unknown as HubState;
    const error = await rejection(store.save(bad));
    expect(error.issues.map((i) => i.path)).toEqual(["servers[0].name"]);
    expect(await readFile(file)).toEqual(before);
    expect(store.current()).toEqual(emptyState());
  });
});

describe("save", () => {
  it("keeps the previous good file as .bak, both 0600, and leaves no temp files", async () => {
    await store.load();
    const first = await store.save({
      ...emptyState(),
      servers: [imageServer("one") as HubState["servers"][number]],
    });
    const firstBytes = await readFile(file);
    await store.save({
      ...first,
      servers: [...first.servers, imageServer("two") as HubState["servers"][number]],
    });

    expect(await readFile(`${file}.bak`)).toEqual(firstBytes);
    expect(JSON.parse(await readFile(file, "utf8")).servers.map((s: { name: string }) => s.name)).toEqual([
      "one",
      "two",
    ]);
    expect(await mode(file)).toBe(0o600);
    expect(await mode(`${file}.bak`)).toBe(0o600);
    expect((await readdir(dir)).sort()).toEqual(["hub.json", "hub.json.bak"]);
  });

  it("survives a new store instance (restart)", async () => {
    await store.load();
    await store.update((s) => void s.servers.push(imageServer("persisted") as HubState["servers"][number]));
    const again = await createStateStore({ dataDir: dir, log }).load();
    expect(again.servers.map((s) => s.name)).toEqual(["persisted"]);
  });

  it("must follow a load", async () => {
    await expect(store.save(emptyState())).rejects.toThrow(/before load/);
    expect(() => store.current()).toThrow(/before load/);
  });
});

describe("update", () => {
  it("serializes concurrent read-modify-write cycles", async () => {
    await store.load();
    const names = Array.from({ length: 12 }, (_, i) => `s${i}`);
    // Each updater yields mid-way: without the queue, all would start from the same state and lose writes.
    const results = await Promise.all(
      names.map((name) =>
        store.update(async (draft) => {
          await new Promise((resolve) => setImmediate(resolve));
          draft.servers.push(imageServer(name) as HubState["servers"][number]);
        }),
      ),
    );
    expect(results.map((r) => r.servers.length)).toEqual(names.map((_, i) => i + 1));
    expect(store.current().servers.map((s) => s.name)).toEqual(names);
    expect(JSON.parse(await readFile(file, "utf8")).servers).toHaveLength(12);
  });

  it("accepts a returned replacement and applies defaults", async () => {
    await store.load();
    const next = await store.update((s) => ({ ...s, settings: { ...s.settings, readOnly: true } }));
    expect(next.settings.readOnly).toBe(true);
    expect(store.current().settings.readOnly).toBe(true);
  });

  it("a failing updater changes nothing and does not stall the queue", async () => {
    await store.load();
    const before = await readFile(file);
    await expect(
      store.update((s) => {
        s.servers.push(imageServer("half") as HubState["servers"][number]);
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(await readFile(file)).toEqual(before);
    expect(store.current().servers).toEqual([]);
    const after = await store.update(
      (s) => void s.servers.push(imageServer("next") as HubState["servers"][number]),
    );
    expect(after.servers.map((s) => s.name)).toEqual(["next"]);
  });

  it("current() is frozen so changes go through update()", async () => {
    await store.load();
    expect(() => (store.current().servers as unknown[]).push({})).toThrow(TypeError);
  });
});

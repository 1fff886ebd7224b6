import { existsSync, readdirSync, readFileSync, utimesSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { MIGRATIONS_DIR, UNUSED_SCAN_TTL_MS } from "../../src/migrate/store.js";
import { CLAUDE_FILE, CLAUDE_TEXT, GITHUB_TOKEN, startRunKit, type RunKit } from "./runKit.js";

describe("the migration store", () => {
  let kit: RunKit | undefined;
  afterEach(() => kit?.close());

  it("drops scans and plans no run used for a day, with their secret values, and keeps the rest", async () => {
    const first = await startRunKit();
    first.write(CLAUDE_FILE, CLAUDE_TEXT);
    const used = await first.scanAndPlan([CLAUDE_FILE]);
    const { run } = await first.run(used, { only: ["memory"] });
    expect(run.state).toBe("done");
    const abandoned = await first.scanAndPlan([CLAUDE_FILE]);
    const fresh = await first.scanAndPlan([CLAUDE_FILE]);

    const dir = (kind: string) => join(first.dataDir, MIGRATIONS_DIR, kind);
    const dayAndAHourAgo = (Date.now() - UNUSED_SCAN_TTL_MS - 3_600_000) / 1000;
    for (const plan of [used, abandoned]) {
      utimesSync(join(dir("scans"), `${plan.scan}.json`), dayAndAHourAgo, dayAndAHourAgo);
      utimesSync(join(dir("plans"), `${plan.id}.json`), dayAndAHourAgo, dayAndAHourAgo);
    }

    const tokens = (text: string) => text.split(GITHUB_TOKEN).length - 1;
    const inAbandoned = tokens(readFileSync(join(dir("scans"), `${abandoned.scan}.json`), "utf8"));
    expect(inAbandoned).toBeGreaterThan(0);
    const before = tokens(first.dataFiles());

    kit = await first.restart();
    const ids = (kind: string) => readdirSync(dir(kind)).map((name) => name.replace(/\.json$/, ""));
    expect(ids("scans").sort()).toEqual([used.scan, fresh.scan].sort());
    expect(ids("plans").sort()).toEqual([used.id, fresh.id].sort());
    await expect(kit.migrations.scanOf(abandoned.scan)).rejects.toThrow(/scan/);
    expect(existsSync(join(dir("contexts"), abandoned.scan))).toBe(false);
    // The run that used the old scan still reports, and the fresh scan still plans.
    expect(kit.migrations.run(run.id).state).toBe("done");
    await expect(kit.migrations.plan({ scan: fresh.scan, choices: {} })).resolves.toMatchObject({
      scan: fresh.scan,
    });
    // The abandoned scan held the token of a server nobody migrated: those copies are gone.
    expect(tokens(kit.dataFiles())).toBe(before - inAbandoned);
  });
});

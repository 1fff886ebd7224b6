/**
 * The rows of the hub's features beside the relay (the registry's listing, the migration, A2A through
 * the gateway): each section starts
 * what it needs, measures, cleans up and answers rows with their target. `make bench` runs them after the relay rows;
 * BENCH_SECTIONS=registry,… runs just those sections (and prints only their rows).
 */
import { measureMigration } from "./migrate.js";
import { measureA2A } from "./a2a.js";
import { measureRegistry } from "./registry.js";

export interface FeatureRow {
  what: string;
  target: string;
  /** In the unit the row names (ms unless it says otherwise). */
  value: number | undefined;
  ok: boolean | undefined;
  /** A line of context under the table (cold figures, sizes). */
  note?: string;
}

export const SECTIONS: Record<string, (log: (line: string) => void) => Promise<FeatureRow[]>> = {
  registry: measureRegistry,
  migrate: measureMigration,
  a2a: measureA2A,
};

/** The sections BENCH_SECTIONS names (all when unset), in order; a failing section is a row that says so. */
export async function measureFeatures(log: (line: string) => void): Promise<FeatureRow[]> {
  const wanted = process.env.BENCH_SECTIONS?.split(",").filter(Boolean) ?? Object.keys(SECTIONS);
  const rows: FeatureRow[] = [];
  for (const name of wanted) {
    const section = SECTIONS[name];
    if (!section)
      throw new Error(`no bench section "${name}"; sections: ${Object.keys(SECTIONS).join(", ")}`);
    try {
      rows.push(...(await section(log)));
    } catch (error) {
      rows.push({
        what: `${name}: failed (${(error as Error).message})`,
        target: "-",
        value: undefined,
        ok: false,
      });
    }
  }
  return rows;
}

export function featureLines(rows: FeatureRow[]): string[] {
  const f = (x: number | undefined) => (x === undefined || Number.isNaN(x) ? "-" : x.toFixed(2));
  const verdict = (ok: boolean | undefined) => (ok === undefined ? "n/a" : ok ? "PASS" : "MISS");
  return [
    ...rows.map(
      (r) => `${r.what.padEnd(60)}${r.target.padStart(10)}${f(r.value).padStart(10)}  ${verdict(r.ok)}`,
    ),
    ...rows.filter((r) => r.note).map((r) => `  ${r.note}`),
  ];
}

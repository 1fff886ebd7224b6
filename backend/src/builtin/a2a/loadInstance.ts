/**
 * The module's code beyond its descriptor, loaded on an agent's first start or check: in the bundles it is a file of
 * its own beside them (dist/a2a-agents.js, scripts/bundle.mjs), so an idle hub without agents neither parses nor
 * holds the A2A SDK; from source (tsx, vitest) it is this folder's instance.ts.
 */
export async function loadInstance(): Promise<typeof import("./instance.js")> {
  const file = import.meta.url.endsWith(".ts") ? "./instance.ts" : "./a2a-agents.js";
  return (await import(new URL(file, import.meta.url).href)) as typeof import("./instance.js");
}

/**
 * The module's code beyond its descriptor, loaded on the server's first start: in the bundles it is a file of its own
 * beside them (dist/docker-tools.js, scripts/bundle.mjs), so an idle hub neither parses nor holds it; from source
 * (tsx, vitest) it is this folder's instance.ts.
 */
export async function loadInstance(): Promise<typeof import("./instance.js")> {
  const file = import.meta.url.endsWith(".ts") ? "./instance.ts" : "./docker-tools.js";
  return (await import(new URL(file, import.meta.url).href)) as typeof import("./instance.js");
}

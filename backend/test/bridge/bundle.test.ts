import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";

const BRIDGE_ENTRY = fileURLToPath(new URL("../../src/bridge.ts", import.meta.url));
/** The hub's own weight: none of it belongs in the bridge image, which only pipes JSON-RPC to the hub. */
const HUB_ONLY =
  /node_modules\/(dockerode|docker-modem|ssh2|fastify|@fastify\/[^/]+|pino|prom-client|helmet)\//;

describe("the bridge bundle", () => {
  it("holds none of the hub's heavy dependencies", async () => {
    const result = await build({
      entryPoints: [BRIDGE_ENTRY],
      bundle: true,
      platform: "node",
      format: "esm",
      write: false,
      metafile: true,
      logLevel: "silent",
      // Native addons (dockerode's ssh2) would stop the build; the list below is the clearer failure.
      loader: { ".node": "empty" },
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((path) => path.includes("@modelcontextprotocol/sdk"))).toBe(true);
    expect(inputs.filter((path) => HUB_ONLY.test(path))).toEqual([]);
  });
});

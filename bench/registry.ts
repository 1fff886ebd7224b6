/**
 * Listing a registry of 200 repositories × 5 tags through the hub: `registry__list_repositories` (MCP, a lean client)
 * and GET /api/registry, each p50 of sequential calls once the hub's cache is warm (the registry's notifications keep
 * it so); the first, cold listing is reported beside them. The registry is filled through its own HTTP API (a small
 * layer, a config and a manifest per tag), which takes seconds where 1,000 pushes would take minutes.
 */
import { freePort } from "../backend/test/support/ports.js";
import { startRegistryHub } from "../backend/test/support/registryHub.js";
import { putImage } from "../backend/test/support/registryWrites.js";
import type { FeatureRow } from "./features.js";
import { leanHttp } from "./leanClient.js";
import { mapLimit, sequential } from "./measure.js";

const num = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const REPOSITORIES = num("BENCH_REGISTRY_REPOS", 200);
const TAGS = num("BENCH_REGISTRY_TAGS", 5);
const CALLS = num("BENCH_REGISTRY_N", 50);
const TARGET_MS = 50;

async function expectOk(response: Response, what: string): Promise<Response> {
  if (!response.ok) throw new Error(`${what}: ${response.status} ${await response.text()}`);
  return response;
}

async function fill(base: string): Promise<void> {
  const layer = Buffer.alloc(4096, 1);
  const repositories = Array.from({ length: REPOSITORIES }, (_, i) => `bench/r${String(i).padStart(3, "0")}`);
  await mapLimit(repositories, 8, async (repository) => {
    for (let t = 0; t < TAGS; t++)
      await putImage(base, repository, `1.${t}`, {
        layer,
        created: new Date(Date.now() - t * 60_000).toISOString(),
        labels: { "mcp.server": repository.slice(6), "mcp.governance.level": "low" },
      });
  });
}

export async function measureRegistry(log: (line: string) => void): Promise<FeatureRow[]> {
  const hub = await startRegistryHub({ port: await freePort() });
  try {
    const { port } = await hub.waitForRegistry();
    const base = `http://127.0.0.1:${port}`;
    const filling = performance.now();
    await fill(base);
    log(
      `registry: ${REPOSITORIES} repositories × ${TAGS} tags in ${Math.round(performance.now() - filling)} ms`,
    );

    const listApi = async () => {
      const res = await fetch(`${hub.url}/api/registry`, {
        headers: { authorization: `Bearer ${hub.token}` },
      });
      const body = (await (await expectOk(res, "GET /api/registry")).json()) as { repositories: unknown[] };
      if (body.repositories.length !== REPOSITORIES)
        throw new Error(`listed ${body.repositories.length} repositories`);
    };
    const coldStart = performance.now();
    await listApi();
    const coldMs = performance.now() - coldStart;

    const client = await leanHttp(`${hub.url}/mcp`, { token: hub.token, name: "bench-registry" });
    try {
      const listTool = () =>
        client.call("tools/call", { name: "registry__list_repositories", arguments: {} });
      const tool = (await sequential(listTool, { n: CALLS, warmup: 5 })).latency;
      const api = (await sequential(listApi, { n: CALLS, warmup: 5 })).latency;
      return [
        {
          what: `registry__list_repositories (${REPOSITORIES}×${TAGS}) p50 ms`,
          target: `≤ ${TARGET_MS} ms`,
          value: tool.p50,
          ok: tool.p50 <= TARGET_MS,
        },
        {
          what: `GET /api/registry (${REPOSITORIES}×${TAGS}) p50 ms`,
          target: `≤ ${TARGET_MS} ms`,
          value: api.p50,
          ok: api.p50 <= TARGET_MS,
          note: `registry listing: first (cold) ${coldMs.toFixed(0)} ms; warm p99 tool ${tool.p99.toFixed(1)} ms, API ${api.p99.toFixed(1)} ms`,
        },
      ];
    } finally {
      await client.close();
    }
  } finally {
    await hub.dispose();
  }
}

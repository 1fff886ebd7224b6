/**
 * The docker tools' rows of `make bench`, through the bench's hub container on /mcp: list_containers with 50
 * containers (p50 ≤ 30 ms), and the demo stack (scripts/demo-stack, template web-db-cache) healthy from cold — no
 * stack images yet, base images present: pulled, or built from the Debian base without a registry — in < 3 min,
 * and with its images already there in ≤ 60 s.
 */
import { docker, BASE_IMAGE } from "../backend/test/support/images.js";
import { labelArgs, runId, TEST_LABEL, testLabels } from "../backend/test/support/docker.js";
import {
  demoImages,
  deployDemo,
  LOCAL_IMAGES,
  OFFICIAL_IMAGES,
  type CallTool,
  type ToolResult,
} from "../backend/test/support/demoStack.js";
import type { HubContainer } from "../backend/test/support/hubContainer.js";
import { connectStreamableHttp } from "../backend/test/support/mcpClient.js";
import { leanHttp } from "./leanClient.js";
import { mapLimit, sequential, type Latency } from "./measure.js";

export interface DockerToolsResults {
  containers: number;
  listContainers: Latency;
  demo: { images: "official" | "local"; coldS: number; cachedS: number };
}

const SERVER = "dockbench";
const CONTAINERS = 50;
const LIST_N = 200;

export async function benchDockerTools(
  hub: HubContainer,
  log: (line: string) => void,
): Promise<DockerToolsResults> {
  const added = await hub.api("POST", "/servers", {
    name: SERVER,
    kind: "builtin",
    module: "docker",
    callTimeoutMs: 600_000,
    options: { mode: "full", labels: { [TEST_LABEL]: runId() } },
  });
  if (added.status !== 201)
    throw new Error(`adding the docker tools: ${added.status} ${JSON.stringify(added.body)}`);

  log(`list_containers: starting ${CONTAINERS} containers`);
  const names = Array.from({ length: CONTAINERS }, (_, i) => `mcp-bench-list-${runId()}-${i}`);
  // Their own label: the run's label is also on the hub's container.
  const listLabel = { "mcp-hub.bench": `list-${runId()}` };
  await mapLimit(names, 4, async (name) => {
    const run = await docker([
      "run",
      "-d",
      "--name",
      name,
      ...labelArgs(testLabels(listLabel)),
      BASE_IMAGE,
      "sleep",
      "3600",
    ]);
    if (run.code !== 0) throw new Error(`docker run ${name}: ${run.stderr}`);
  });
  const lean = await leanHttp(`${hub.url}/mcp`, { token: hub.token, name: "bench-docker" });
  const list = () =>
    lean.call("tools/call", {
      name: `${SERVER}__list_containers`,
      arguments: { label: Object.entries(listLabel).map(([k, v]) => `${k}=${v}`) },
    });
  const listed = ((await list()) as ToolResult).structuredContent as { containers: unknown[] };
  if (listed.containers.length !== CONTAINERS)
    throw new Error(`list_containers saw ${listed.containers.length} containers, want ${CONTAINERS}`);
  log(`list_containers: ${LIST_N} sequential calls`);
  const { latency } = await sequential(list, { n: LIST_N, warmup: 20 });
  await lean.close();
  await docker(["rm", "-f", ...names]);

  // Progress resets the call's timeout: the demo's builds take minutes, and the SDK client relays it.
  const connected = await connectStreamableHttp(`${hub.url}/mcp`, { token: hub.token, name: "bench-demo" });
  const call: CallTool = (tool, args, options) =>
    connected.client.callTool(
      { name: `${SERVER}__${tool}`, arguments: args },
      undefined,
      options,
    ) as Promise<ToolResult>;
  const stack = `bench-demo-${Date.now().toString(36)}`;
  try {
    // Both sets: where a registry answers, the demo runs the official images, and cached ones would make it warm.
    await removeImages([...Object.values(OFFICIAL_IMAGES), ...Object.values(LOCAL_IMAGES)]);
    log("demo stack from cold: no stack images (base images present)");
    let started = Date.now();
    const images = await demoImages(call, log);
    await deployDemo(call, stack, images.images);
    const coldS = (Date.now() - started) / 1000;
    log(`demo stack healthy in ${coldS.toFixed(1)} s from cold (${images.source} images)`);
    await call("remove_stack", { name: stack, remove_volumes: true, confirm: true });
    log("demo stack with its images there");
    started = Date.now();
    await deployDemo(call, stack, images.images);
    const cachedS = (Date.now() - started) / 1000;
    log(`demo stack healthy in ${cachedS.toFixed(1)} s with its images there`);
    return {
      containers: CONTAINERS,
      listContainers: latency,
      demo: { images: images.source, coldS, cachedS },
    };
  } finally {
    await call("remove_stack", { name: stack, remove_volumes: true, confirm: true }).catch(() => undefined);
    await connected.close();
  }
}

/** Removes these images; one that is not there is already as wanted. */
async function removeImages(names: string[]): Promise<void> {
  const removed = await docker(["image", "rm", "-f", ...names]);
  const problems = removed.stderr.split("\n").filter((line) => line.trim() && !/no such image/i.test(line));
  if (problems.length) throw new Error(`removing the demo's images: ${problems.join("\n")}`);
}

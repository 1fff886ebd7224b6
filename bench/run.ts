/**
 * `make bench`: tools/call latency and throughput direct to the fixture server vs through the hub container (and
 * the mcp-proxy peer), aggregated tools/list over 15 servers × 20 tools, and the hub's memory idle and with 200
 * sessions (each read once the hub has gone quiet and its idle collector ran). Prints a table and writes
 * bench/results.json. Run with `node --import tsx bench/run.ts`.
 *
 * Every measured client is a lean one (leanClient.ts), so latency and CPU are the servers' and the hub's, not the
 * client's; one extra row goes through the SDK client to show what a typical client adds. During each row's
 * concurrent phase, /proc snapshots attribute CPU µs per call to the bench client, the hub, the fixture servers
 * and Docker's plumbing (processCpu.ts, cpuMatchers.ts).
 *
 * Sizes come from the environment: BENCH_STEADY_WARMUP (calls with BENCH_IN_FLIGHT in flight that start each row,
 * before anything is measured; 20,000), BENCH_N (sequential calls, 2000), BENCH_WARMUP (200), BENCH_IN_FLIGHT (32),
 * BENCH_CONCURRENT_N (calls per throughput window with BENCH_IN_FLIGHT in flight; 3 × BENCH_N), BENCH_WINDOWS (3; the
 * median window is reported),
 * BENCH_SERVERS (15), BENCH_TOOLS (tools per server, 20), BENCH_SESSIONS (200), BENCH_LIST_N (500), BENCH_IDLE_S (30),
 * BENCH_PEERS=0 skips the peer, BENCH_DOCKER_TOOLS=0 the docker tools' rows (bench/dockerTools.ts). HUB_IMAGE picks
 * the hub image (default mcp-hub:dev).
 */
import { writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { dockerAvailable, removeLabelled, runId } from "../backend/test/support/docker.js";
import { startHubContainer, HUB_IMAGE, type HubContainer } from "../backend/test/support/hubContainer.js";
import { docker, ensureTestImages, imageExists, TEST_IMAGES } from "../backend/test/support/images.js";
import { pollUntil } from "../backend/test/support/poll.js";
import { CPU_LABELS, cpuMatchers } from "./cpuMatchers.js";
import { featureLines, measureFeatures } from "./features.js";
import { benchDockerTools } from "./dockerTools.js";
import { containerIp, networkHosts } from "./hubAddress.js";
import { leanHttp, type LeanClient } from "./leanClient.js";
import {
  mapLimit,
  measureCalls,
  sequential,
  STEADY_STATE_WARMUP,
  summarize,
  THROUGHPUT_WINDOWS,
  type CallFigures,
  type Latency,
} from "./measure.js";
import { measureCpu, type ProcessMatcher } from "./processCpu.js";
import { printReport, type Results } from "./report.js";
import { runScript } from "./script.js";
import {
  dockerFixture,
  localFixture,
  mcpProxyInstalled,
  sdkHttpClient,
  startMcpProxy,
  type PeerProcess,
} from "./targets.js";

const num = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const N = num("BENCH_N", 2000);
const WARMUP = num("BENCH_WARMUP", 200);
const IN_FLIGHT = num("BENCH_IN_FLIGHT", 32);
const CONCURRENT_N = num("BENCH_CONCURRENT_N", 3 * N);
const STEADY_WARMUP = num("BENCH_STEADY_WARMUP", STEADY_STATE_WARMUP);
const WINDOWS = num("BENCH_WINDOWS", THROUGHPUT_WINDOWS);
/** Calls timed on the fresh hub before any row warms it up. */
const COLD_N = 200;
const SERVERS = num("BENCH_SERVERS", 15);
const TOOLS = num("BENCH_TOOLS", 20);
const SESSIONS = num("BENCH_SESSIONS", 200);
const LIST_N = num("BENCH_LIST_N", 500);
const IDLE_S = num("BENCH_IDLE_S", 30);
const RESULTS_FILE = fileURLToPath(new URL("./results.json", import.meta.url));

const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);
const echo = (client: LeanClient, name: string) => () =>
  client.call("tools/call", { name, arguments: { text: "ping" } });
const toolCount = async (client: LeanClient) =>
  ((await client.call("tools/list", {})) as { tools: unknown[] }).tools.length;

/** What the hub logs when its idle collector hands memory back (backend/src/memory/idleCollector.ts). */
const COLLECTED = "gave the heap's spare memory back";
/** Two of the collector's 10 s periods, and some slack for a loaded machine. */
const COLLECTION_WAIT_MS = 35_000;

async function collections(hub: HubContainer): Promise<number> {
  const logs = await docker(["logs", hub.name]);
  return `${logs.stdout}${logs.stderr}`.split("\n").filter((line) => line.includes(COLLECTED)).length;
}

/**
 * Waits for the hub's next quiet-period collection after `seen` of them: what an idle hub's memory is, once it
 * has been idle for a while. False when none came (a hub image without --expose-gc has no collector).
 */
async function quietCollection(hub: HubContainer, seen: number): Promise<boolean> {
  const collected = async () => (await collections(hub)) > seen;
  if (await pollUntil(collected, { timeoutMs: COLLECTION_WAIT_MS, intervalMs: 1000 })) return true;
  log(`the hub made no quiet-period collection within ${COLLECTION_WAIT_MS / 1000} s`);
  return false;
}

/** Memory of the hub: its node process's RSS (pid 1) and the container's cgroup usage as docker stats shows it. */
async function hubMemory(hub: HubContainer): Promise<{ rssMb: number; cgroup: string }> {
  const status = await docker(["exec", hub.name, "cat", "/proc/1/status"]);
  const kb = Number(/^VmRSS:\s+(\d+)\s+kB/m.exec(status.stdout)?.[1] ?? Number.NaN);
  const stats = await docker(["stats", "--no-stream", "--format", "{{.MemUsage}}", hub.name]);
  return { rssMb: Math.round((kb / 1024) * 10) / 10, cgroup: stats.stdout.trim().split(" / ")[0] ?? "" };
}

/** One row: open the client, find the row's processes (its containers exist by now), measure, close. */
async function measureTarget<C extends LeanClient>(
  label: string,
  open: () => Promise<C>,
  options: { tool: string; matchers: (client: C) => Promise<ProcessMatcher[]> },
): Promise<CallFigures> {
  log(
    `${label}: ${STEADY_WARMUP} calls to warm up, ${WARMUP} + ${N} sequential, ${WINDOWS} × ${CONCURRENT_N} with ${IN_FLIGHT} in flight`,
  );
  const client = await open();
  try {
    return await measureCalls(echo(client, options.tool), {
      n: N,
      warmup: WARMUP,
      inFlight: IN_FLIGHT,
      concurrentN: CONCURRENT_N,
      steadyWarmup: STEADY_WARMUP,
      windows: WINDOWS,
      cpuMatchers: await options.matchers(client),
    });
  } finally {
    await client.close();
  }
}

async function main(): Promise<Results> {
  if (!dockerAvailable()) throw new Error("no Docker engine answered `docker info`");
  if (!(await imageExists(HUB_IMAGE))) throw new Error(`${HUB_IMAGE} is missing: run \`make images\` first`);
  await ensureTestImages({ only: ["fixture"], log });

  const cleanups: (() => Promise<unknown>)[] = [];
  const cleanup = async () => {
    for (const step of cleanups.reverse()) await step().catch((e: unknown) => log(`cleanup: ${String(e)}`));
  };
  process.once("SIGINT", () => void cleanup().finally(() => process.exit(130)));
  try {
    // The floor, and the fixture's own tool count (the extra tools bring each server to TOOLS).
    const floor = await localFixture({});
    const baseTools = await toolCount(floor);
    await floor.close();
    const fixtureEnv = { FIXTURE_EXTRA_TOOLS: String(Math.max(0, TOOLS - baseTools)) };

    log(`starting the hub container (${HUB_IMAGE}) and adding ${SERVERS} fixture servers × ${TOOLS} tools`);
    const ipHosts = await networkHosts();
    const hub = await startHubContainer({
      env: ipHosts.length ? { HUB_ALLOWED_HOSTS: ipHosts.join(",") } : {},
    });
    // Run in reverse: the hub goes first, or its supervisor would restart the servers removed under it; those
    // carry the hub's selector, not the run id.
    cleanups.push(
      () => removeLabelled(hub.selector),
      () => hub.remove(),
    );
    const names = [
      "fx",
      ...Array.from({ length: SERVERS - 1 }, (_, i) => `b${String(i + 2).padStart(2, "0")}`),
    ];
    const addMs: number[] = [];
    await mapLimit(names, 3, async (name) => {
      const started = performance.now();
      const added = await hub.api<{ state: string; lastError?: string }>("POST", "/servers", {
        name,
        kind: "image",
        image: TEST_IMAGES.fixture,
        env: fixtureEnv,
      });
      if (added.status !== 201 || added.body.state !== "ready")
        throw new Error(`adding ${name}: ${added.status} ${JSON.stringify(added.body)}`);
      addMs.push(performance.now() - started);
    });
    // Idle means idle for a while: the hub hands start-up's garbage back once a period passes quietly.
    const justAdded = await hubMemory(hub);
    log(`hub right after adding ${SERVERS} servers: RSS ${justAdded.rssMb} MB; waiting for it to go quiet`);
    await quietCollection(hub, 0);

    // Every row lists the same processes; the hub's stay near zero in the rows that do not go through it.
    const matchers = (extra: { fixturePid?: number; peerPid?: number } = {}) =>
      cpuMatchers({ hubContainer: hub.name, fixtureLabels: [runId(), hub.selector], ...extra });

    // What the hub costs while nobody calls it (pings, discovery, timers): it runs all day on laptops.
    log(`idle CPU: ${IDLE_S} s with ${SERVERS} servers and no client`);
    const idleCpu = await measureCpu(() => new Promise((resolve) => setTimeout(resolve, IDLE_S * 1000)), {
      calls: 1,
      matchers: await matchers(),
    });
    const perMinute = (label: string) =>
      Math.round(((idleCpu.cpu.usPerCall[label] ?? 0) / 1000) * (60 / IDLE_S));
    const idle = await hubMemory(hub);
    log(`hub idle with ${SERVERS} servers: RSS ${idle.rssMb} MB`);
    const hubUrl = `${hub.url}/mcp`;
    // The rows below measure the steady state; this is what the first calls after a start see, for the record.
    log(`cold hub: ${COLD_N} sequential calls, no warm-up`);
    const coldClient = await leanHttp(hubUrl, { token: hub.token, name: "bench-cold" });
    const cold = await sequential(echo(coldClient, "fx__echo"), { n: COLD_N, warmup: 0 });
    await coldClient.close();
    // Before the call rows: they grow the heap (to ~115 MB RSS until the hub goes quiet again), and the RSS would
    // then show that, not the sessions. Each session keeps its keep-alive connection open while the memory
    // is read, as a connected client would.
    const seenBeforeSessions = await collections(hub);
    log(`opening ${SESSIONS} Streamable HTTP sessions, each with one tools/list`);
    const sessions: LeanClient[] = [];
    cleanups.push(() => Promise.allSettled(sessions.map((s) => s.close())));
    const initMs = await mapLimit(
      Array.from({ length: SESSIONS }, (_, i) => i),
      16,
      async (i) => {
        const started = performance.now();
        const session = await leanHttp(hubUrl, { token: hub.token, name: `bench-s${i}`, maxSockets: 1 });
        sessions.push(session);
        await session.call("tools/list", {});
        return performance.now() - started;
      },
    );
    // What the sessions keep, not the garbage their opening left: read once the hub has collected it.
    await quietCollection(hub, seenBeforeSessions);
    const loaded = await hubMemory(hub);
    log(`hub with ${SESSIONS} sessions: RSS ${loaded.rssMb} MB`);
    await Promise.allSettled(sessions.splice(0).map((s) => s.close()));

    const calls: Results["calls"] = {};
    calls.floor = await measureTarget("floor", () => localFixture(fixtureEnv), {
      tool: "echo",
      matchers: (client) => matchers({ fixturePid: client.pid }),
    });
    calls.direct = await measureTarget("direct", () => dockerFixture(fixtureEnv), {
      tool: "echo",
      matchers: () => matchers(),
    });
    calls.hub = await measureTarget("hub", () => leanHttp(hubUrl, { token: hub.token, name: "bench-hub" }), {
      tool: "fx__echo",
      matchers: () => matchers(),
    });
    const ip = await containerIp(hub.name);
    if (ip && ipHosts.includes(ip))
      calls.hubIp = await measureTarget(
        "hub (container IP)",
        () => leanHttp(`http://${ip}:3010/mcp`, { token: hub.token, name: "bench-hub-ip" }),
        { tool: "fx__echo", matchers: () => matchers() },
      );
    calls.hubSdk = await measureTarget(
      "hub via the SDK client",
      () => sdkHttpClient(hubUrl, { token: hub.token, name: "bench-hub-sdk" }),
      { tool: "fx__echo", matchers: () => matchers() },
    );

    const afterCalls = await hubMemory(hub);
    log(`hub after the call rows: RSS ${afterCalls.rssMb} MB`);
    const seenAfterCalls = await collections(hub);

    let peerNote = "skipped: BENCH_PEERS=0";
    if (process.env.BENCH_PEERS !== "0" && mcpProxyInstalled()) {
      const peer: PeerProcess = await startMcpProxy(fixtureEnv);
      cleanups.push(() => peer.stop());
      calls.mcpProxy = await measureTarget("mcp-proxy", () => leanHttp(peer.url, { name: "bench-peer" }), {
        tool: "echo",
        matchers: () => matchers({ peerPid: peer.child.pid }),
      });
      await peer.stop();
      peerNote = "mcp-proxy 6.7.19 measured";
    } else if (process.env.BENCH_PEERS !== "0") {
      peerNote = "skipped: run `npm install --prefix bench/peers` to measure mcp-proxy 6.7.19";
    }

    // The hub sat idle through the peer's row: it has usually collected by now.
    await quietCollection(hub, seenAfterCalls);
    const afterQuiet = await hubMemory(hub);
    log(`hub once quiet again: RSS ${afterQuiet.rssMb} MB`);

    log(`aggregated tools/list: ${LIST_N} sequential`);
    const lister = await leanHttp(hubUrl, { token: hub.token, name: "bench-list" });
    const listed = await toolCount(lister);
    if (listed !== SERVERS * TOOLS)
      throw new Error(`tools/list returned ${listed} tools, want ${SERVERS * TOOLS}`);
    const list = await sequential(() => lister.call("tools/list", {}), { n: LIST_N, warmup: 50 });
    await lister.close();

    // Last: the demo stack builds images, which would disturb the rows above.
    const dockerTools = process.env.BENCH_DOCKER_TOOLS === "0" ? undefined : await benchDockerTools(hub, log);

    return {
      date: new Date().toISOString(),
      machine: { cpus: cpus().length, load1: Math.round(loadavg()[0]! * 100) / 100, node: process.version },
      params: {
        n: N,
        warmup: WARMUP,
        inFlight: IN_FLIGHT,
        concurrentN: CONCURRENT_N,
        steadyWarmup: STEADY_WARMUP,
        windows: WINDOWS,
        servers: SERVERS,
        toolsPerServer: TOOLS,
      },
      hubImage: HUB_IMAGE,
      calls,
      peers: peerNote,
      coldHub: cold.latency,
      overhead: overhead(calls.hub?.sequential, calls.direct?.sequential),
      overheadVsFloor: overhead(calls.hub?.sequential, calls.floor?.sequential),
      toolsList: { tools: listed, latency: list.latency, perSec: list.perSec },
      addServerMs: summarize(addMs),
      memory: {
        justAdded,
        idleRssMb: idle.rssMb,
        idleCgroup: idle.cgroup,
        sessions: SESSIONS,
        loaded,
        afterCalls,
        afterQuiet,
      },
      idleCpu: {
        seconds: IDLE_S,
        hubMsPerMin: perMinute(CPU_LABELS.hub),
        healthChecksMsPerMin: perMinute(CPU_LABELS.hubExec),
        dockerdMsPerMin: perMinute(CPU_LABELS.dockerd),
      },
      sessionOpenMs: summarize(initMs),
      ...(dockerTools ? { dockerTools } : {}),
    };
  } finally {
    await cleanup();
    await removeLabelled(runId());
  }
}

function overhead(hub?: Latency, base?: Latency) {
  if (!hub || !base) return undefined;
  const r = (x: number) => Math.round(x * 1000) / 1000;
  return { p50: r(hub.p50 - base.p50), p99: r(hub.p99 - base.p99) };
}

runScript("bench", async () => {
  // BENCH_SECTIONS alone: just those feature rows, without the relay rows (features.ts).
  if (process.env.BENCH_SECTIONS) {
    process.stdout.write(`${featureLines(await measureFeatures(log)).join("\n")}\n`);
    return;
  }
  const results = await main();
  results.features = await measureFeatures(log);
  writeFileSync(RESULTS_FILE, `${JSON.stringify(results, null, 2)}\n`);
  printReport(results);
  process.stdout.write(`\nwrote ${RESULTS_FILE}\n`);
});

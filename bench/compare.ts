/**
 * `make bench-compare`: hub builds side by side, in alternating rounds. On a shared VM the host's speed moves by
 * tens of percent within minutes, so two `make bench` runs cannot tell a 10 % change from the neighbours; rounds a
 * few seconds long, taken in turn from hubs that run at the same time, see the same host. Each variant is a hub
 * container with one fixture server, driven at BENCH_IN_FLIGHT calls in flight; a round reports calls/s and the
 * hub's own CPU µs per call (/proc utime+stime of its node process), and the summary gives each variant's medians
 * and its median per-round ratio to the first variant.
 *
 * BENCH_COMPARE lists the variants, space-separated: an image, optionally with node flags after a `+`
 * (comma-separated), e.g. `mcp-hub:before mcp-hub:dev mcp-hub:dev+--max-semi-space-size=16`. BENCH_ROUNDS (6),
 * BENCH_ROUND_S (4), BENCH_IN_FLIGHT (32); BENCH_VIA=ip measures on the container IP instead of the published port.
 */
import { dockerAvailable, removeLabelled, runId } from "../backend/test/support/docker.js";
import { startHubContainer, HUB_IMAGE, type HubContainer } from "../backend/test/support/hubContainer.js";
import { docker, ensureTestImages, imageExists, TEST_IMAGES } from "../backend/test/support/images.js";
import { containerIp, networkHosts } from "./hubAddress.js";
import { leanHttp, type LeanClient } from "./leanClient.js";
import { concurrent, STEADY_STATE_WARMUP } from "./measure.js";
import { readSample } from "./processCpu.js";
import { runScript } from "./script.js";

const num = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const ROUNDS = num("BENCH_ROUNDS", 6);
const ROUND_MS = num("BENCH_ROUND_S", 4) * 1000;
const IN_FLIGHT = num("BENCH_IN_FLIGHT", 32);
const VIA_IP = process.env.BENCH_VIA === "ip";
/** Warm-up calls per variant per turn (~1 s each). */
const WARMUP_TURN = 2_000;
/** Calls per batch inside a round: small enough that a round ends close to its time. */
const BATCH = 1000;

const log = (line: string) => process.stderr.write(`[compare] ${line}\n`);

interface Variant {
  label: string;
  image: string;
  flags: string[];
}

interface Running extends Variant {
  hub: HubContainer;
  client: LeanClient;
  pid: number;
  rounds: { perSec: number; usPerCall: number }[];
}

function variants(): Variant[] {
  const specs = (process.env.BENCH_COMPARE ?? HUB_IMAGE).split(/\s+/).filter(Boolean);
  return specs.map((label) => {
    const [image = "", flags = ""] = label.split(/\+(.*)/s);
    return { label, image, flags: flags.split(",").filter(Boolean) };
  });
}

/** utime + stime of the hub's node process, in µs. */
function cpuUs(v: Running): number {
  const sample = readSample(v.pid);
  if (!sample) throw new Error(`${v.label}: the hub process (pid ${v.pid}) is gone`);
  return sample.cpuUs;
}

async function start(variant: Variant, allowedHosts: string[]): Promise<Running> {
  const hub = await startHubContainer({
    image: variant.image,
    env: allowedHosts.length ? { HUB_ALLOWED_HOSTS: allowedHosts.join(",") } : {},
    ...(variant.flags.length > 0 && { command: ["node", ...variant.flags, "/app/main.js"] }),
  });
  const added = await hub.api("POST", "/servers", { name: "fx", kind: "image", image: TEST_IMAGES.fixture });
  if (added.status !== 201)
    throw new Error(`${variant.label}: adding the fixture server answered ${added.status}`);
  const ip = VIA_IP ? await containerIp(hub.name) : undefined;
  if (VIA_IP && !ip) throw new Error(`${variant.label}: no address on the mcp-hub network`);
  const client = await leanHttp(`${ip ? `http://${ip}:3010` : hub.url}/mcp`, {
    token: hub.token,
    name: "compare",
  });
  const pid = Number((await docker(["inspect", "-f", "{{.State.Pid}}", hub.name])).stdout.trim());
  return { ...variant, hub, client, pid, rounds: [] };
}

const call = (v: Running) => () =>
  v.client.call("tools/call", { name: "fx__echo", arguments: { text: "ping" } });

async function round(v: Running): Promise<void> {
  const before = cpuUs(v);
  const started = performance.now();
  let calls = 0;
  while (performance.now() - started < ROUND_MS) {
    await concurrent(call(v), { total: BATCH, inFlight: IN_FLIGHT });
    calls += BATCH;
  }
  const seconds = (performance.now() - started) / 1000;
  v.rounds.push({
    perSec: Math.round(calls / seconds),
    usPerCall: Math.round((cpuUs(v) - before) / calls),
  });
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const range = (values: number[]) => `${Math.min(...values)}–${Math.max(...values)}`;

function report(running: Running[]): void {
  const base = running[0]!;
  const pad = (s: string, n: number) => s.padEnd(n);
  const lpad = (s: string, n: number) => s.padStart(n);
  const width = Math.max(8, ...running.map((v) => v.label.length)) + 2;
  const out = [
    "",
    `hub builds compared: ${ROUNDS} alternating rounds of ${ROUND_MS / 1000} s, ${IN_FLIGHT} in flight, ` +
      `via ${VIA_IP ? "container IP" : "published port"}`,
    `${pad("variant", width)}${lpad("µs/call", 9)}${lpad("range", 11)}${lpad("vs first", 10)}` +
      `${lpad("calls/s", 9)}${lpad("range", 12)}${lpad("vs first", 10)}`,
  ];
  for (const v of running) {
    const us = v.rounds.map((r) => r.usPerCall);
    const perSec = v.rounds.map((r) => r.perSec);
    // Per round, so a slow minute weighs on both sides of the ratio alike.
    const ratio = (pick: (r: Running["rounds"][number]) => number) =>
      median(v.rounds.map((r, i) => pick(r) / pick(base.rounds[i]!))).toFixed(2);
    out.push(
      `${pad(v.label, width)}${lpad(String(median(us)), 9)}${lpad(range(us), 11)}` +
        `${lpad(`${ratio((r) => r.usPerCall)}×`, 10)}${lpad(String(median(perSec)), 9)}` +
        `${lpad(range(perSec), 12)}${lpad(`${ratio((r) => r.perSec)}×`, 10)}`,
    );
  }
  process.stdout.write(`${out.join("\n")}\n`);
}

async function main(): Promise<void> {
  if (!dockerAvailable()) throw new Error("no Docker engine answered `docker info`");
  const wanted = variants();
  for (const image of new Set(wanted.map((v) => v.image)))
    if (!(await imageExists(image))) throw new Error(`${image} is missing: build it (\`make images\`) first`);
  await ensureTestImages({ only: ["fixture"], log });
  const allowedHosts = VIA_IP ? await networkHosts() : [];
  const running: Running[] = [];
  try {
    for (const variant of wanted) {
      log(`starting ${variant.label}`);
      running.push(await start(variant, allowedHosts));
    }
    // Warm-up to the steady state (optimized code, sockets, buffers), as make bench does before measuring — in
    // short alternating turns: a hub left quiet for a whole 10 s period would run its idle collector and start its
    // rounds with a shrunken heap.
    for (let done = 0; done < STEADY_STATE_WARMUP; done += WARMUP_TURN)
      for (const v of running) await concurrent(call(v), { total: WARMUP_TURN, inFlight: IN_FLIGHT });
    for (let r = 1; r <= ROUNDS; r++) {
      for (const v of running) await round(v);
      log(`round ${r}: ${running.map((v) => `${v.label} ${v.rounds.at(-1)!.perSec}/s`).join(", ")}`);
    }
    report(running);
  } finally {
    for (const v of running) {
      await v.client.close().catch(() => undefined);
      await removeLabelled(v.hub.selector);
      await v.hub.remove();
    }
    await removeLabelled(runId());
  }
}

runScript("compare", main);

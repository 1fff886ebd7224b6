/**
 * A2A send-message (the fixture agent's echo) through the hub's A2A gateway against straight to the agent: p50 of
 * sequential calls from the same SDK client kind, both over the mcp-hub network's addresses (no docker-proxy), so the
 * difference is the gateway's hop — guard, JSON-RPC check, forwarding, audit.
 */
import { connectA2AAt, textRequest } from "../backend/test/support/a2aClient.js";
import { startHubContainer } from "../backend/test/support/hubContainer.js";
import { A2A_AGENT_PORT, ensureTestImages, TEST_IMAGES } from "../backend/test/support/images.js";
import { pollUntil } from "../backend/test/support/poll.js";
import type { FeatureRow } from "./features.js";
import { containerIp, networkHosts } from "./hubAddress.js";
import { sequential } from "./measure.js";

const CALLS = Number(process.env.BENCH_A2A_N ?? 300);
const TARGET_OVERHEAD_MS = 1;
const AGENT = "bench-agent";

export async function measureA2A(log: (line: string) => void): Promise<FeatureRow[]> {
  await ensureTestImages({ only: ["a2a"], log });
  const hub = await startHubContainer({
    env: { HUB_ALLOWED_HOSTS: (await networkHosts()).join(","), LOG_LEVEL: "warn" },
  });
  try {
    // egress puts the agent on the mcp-hub network too, where this process reaches it without a proxy.
    const added = await hub.api<{ name: string }>("POST", "/agents", {
      name: AGENT,
      image: TEST_IMAGES.a2a,
      port: A2A_AGENT_PORT,
      egress: true,
    });
    if (added.status !== 201) throw new Error(`could not add the agent: ${JSON.stringify(added.body)}`);
    let containerId: string | undefined;
    const ready = async () => {
      const { body } = await hub.api<{ state: string; containerId?: string }>("GET", `/agents/${AGENT}`);
      containerId = body.containerId;
      return body.state === "ready";
    };
    if (!(await pollUntil(ready, { timeoutMs: 60_000, intervalMs: 200 })))
      throw new Error("the agent did not get ready within 60 s");
    const agentIp = await containerIp(containerId ?? "");
    const hubIp = await containerIp(hub.name);
    if (!agentIp || !hubIp) throw new Error("no address on the mcp-hub network for the agent or the hub");

    const direct = await connectA2AAt(`http://${agentIp}:${A2A_AGENT_PORT}/`);
    const viaGateway = await connectA2AAt(`http://${hubIp}:3011/agents/${AGENT}`, hub.token);
    const echo = (client: typeof direct) => async () => {
      await client.sendMessage(textRequest("echo bench"));
    };
    // Alternating rounds, so a noisy spell on the shared machine hits both sides alike.
    const directRounds: number[] = [];
    const gatewayRounds: number[] = [];
    for (let round = 0; round < 3; round++) {
      directRounds.push((await sequential(echo(direct), { n: CALLS / 3, warmup: 20 })).latency.p50);
      gatewayRounds.push((await sequential(echo(viaGateway), { n: CALLS / 3, warmup: 20 })).latency.p50);
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    const directP50 = median(directRounds);
    const gatewayP50 = median(gatewayRounds);
    const overhead = gatewayP50 - directP50;
    log(
      `a2a: send-message p50 direct ${directP50.toFixed(2)} ms, via the gateway ${gatewayP50.toFixed(2)} ms`,
    );
    return [
      {
        what: "A2A send-message via gateway − direct, p50 overhead ms",
        target: `≤ ${TARGET_OVERHEAD_MS} ms`,
        value: overhead,
        ok: overhead <= TARGET_OVERHEAD_MS,
        note: `A2A send-message (echo, ${CALLS} sequential each): p50 direct ${directP50.toFixed(2)} ms, via the gateway ${gatewayP50.toFixed(2)} ms`,
      },
    ];
  } finally {
    await hub.remove();
  }
}

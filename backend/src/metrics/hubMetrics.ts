import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";

/** Seconds, 0.1 ms (a cached local answer) to 60 s (the default call timeout), roughly ×2.5 per step. */
export const CALL_DURATION_BUCKETS = [
  0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60,
];

export type CallLabels = { server: string; tool: string; outcome: string };

export interface HubMetrics {
  /** This hub's own registry; nothing is registered on prom-client's global default. */
  readonly registry: Registry;
  readonly calls: Counter<"server" | "tool" | "outcome">;
  readonly callDuration: Histogram<"server">;
  readonly sessions: Gauge<"transport">;
  readonly restarts: Counter<"server">;
  /** 1 while the server's circuit breaker refuses calls. */
  readonly breakerOpen: Gauge<"server">;
  /** 1 while the server's downstream connection is up. */
  readonly serverUp: Gauge<"server">;
  /** Counts the call and observes its latency in one go. */
  recordCall(call: CallLabels & { latencyMs: number }): void;
  /** Drops the per-server gauges of a removed server, so it stops showing as down forever. */
  forgetServer(server: string): void;
  render(): Promise<string>;
  readonly contentType: string;
}

export function createMetrics(options: { prefix?: string; processMetrics?: boolean } = {}): HubMetrics {
  const prefix = options.prefix ?? "mcp_hub_";
  const registry = new Registry();
  // Unprefixed (process_cpu_seconds_total, …) so stock Node.js dashboards work as they are. The event-loop lag
  // sampler's default 10 ms tick wakes the process 100 times a second — nearly all of an idle hub's CPU (~1 % of a
  // core, all day, in every Desktop); every 500 ms still shows the stalls that matter.
  if (options.processMetrics ?? true)
    collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 500 });

  const calls = new Counter({
    name: `${prefix}calls_total`,
    help: "Calls relayed to downstream servers, by outcome (ok, error, timeout, cancelled, denied).",
    labelNames: ["server", "tool", "outcome"] as const,
    registers: [registry],
  });
  const callDuration = new Histogram({
    name: `${prefix}call_duration_seconds`,
    help: "Latency of relayed calls, from the hub receiving the request to it answering.",
    labelNames: ["server"] as const,
    buckets: CALL_DURATION_BUCKETS,
    registers: [registry],
  });
  const sessions = new Gauge({
    name: `${prefix}sessions`,
    help: "Open client sessions, by transport.",
    labelNames: ["transport"] as const,
    registers: [registry],
  });
  const restarts = new Counter({
    name: `${prefix}server_restarts_total`,
    help: "Restarts of downstream servers by the supervisor.",
    labelNames: ["server"] as const,
    registers: [registry],
  });
  const breakerOpen = new Gauge({
    name: `${prefix}breaker_open`,
    help: "1 while the server's circuit breaker refuses calls, else 0.",
    labelNames: ["server"] as const,
    registers: [registry],
  });
  const serverUp = new Gauge({
    name: `${prefix}server_up`,
    help: "1 while the downstream server is connected and initialized, else 0.",
    labelNames: ["server"] as const,
    registers: [registry],
  });

  return {
    registry,
    calls,
    callDuration,
    sessions,
    restarts,
    breakerOpen,
    serverUp,
    recordCall({ server, tool, outcome, latencyMs }) {
      calls.inc({ server, tool, outcome });
      callDuration.observe({ server }, latencyMs / 1000);
    },
    forgetServer(server) {
      breakerOpen.remove({ server });
      serverUp.remove({ server });
    },
    render: () => registry.metrics(),
    contentType: registry.contentType,
  };
}

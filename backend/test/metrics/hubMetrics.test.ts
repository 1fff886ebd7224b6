import { register as globalRegistry } from "prom-client";
import { describe, expect, it } from "vitest";
import { createMetrics } from "../../src/metrics/index.js";

describe("hub metrics", () => {
  it("renders every hub series plus process metrics", async () => {
    const metrics = createMetrics();
    metrics.recordCall({ server: "alpha", tool: "echo", outcome: "ok", latencyMs: 0.3 });
    metrics.recordCall({ server: "alpha", tool: "echo", outcome: "error", latencyMs: 45_000 });
    metrics.sessions.inc({ transport: "streamable-http" });
    metrics.restarts.inc({ server: "alpha" });
    metrics.breakerOpen.set({ server: "alpha" }, 1);
    metrics.serverUp.set({ server: "alpha" }, 0);

    const text = await metrics.render();
    expect(text).toContain('mcp_hub_calls_total{server="alpha",tool="echo",outcome="ok"} 1');
    expect(text).toContain('mcp_hub_calls_total{server="alpha",tool="echo",outcome="error"} 1');
    expect(text).toContain('mcp_hub_call_duration_seconds_bucket{le="0.0001",server="alpha"} 0');
    expect(text).toContain('mcp_hub_call_duration_seconds_bucket{le="0.0005",server="alpha"} 1');
    expect(text).toContain('mcp_hub_call_duration_seconds_bucket{le="60",server="alpha"} 2');
    expect(text).toContain('mcp_hub_call_duration_seconds_count{server="alpha"} 2');
    expect(text).toContain('mcp_hub_sessions{transport="streamable-http"} 1');
    expect(text).toContain('mcp_hub_server_restarts_total{server="alpha"} 1');
    expect(text).toContain('mcp_hub_breaker_open{server="alpha"} 1');
    expect(text).toContain('mcp_hub_server_up{server="alpha"} 0');
    expect(text).toMatch(/^process_cpu_user_seconds_total \d/m);
    expect(text).toMatch(/^nodejs_heap_size_used_bytes \d/m);
    expect(metrics.contentType).toMatch(/^text\/plain/);
  });

  it("uses its own registry, so several instances coexist and the global one stays empty", async () => {
    const a = createMetrics();
    const b = createMetrics();
    a.calls.inc({ server: "x", tool: "t", outcome: "ok" });
    expect(await b.render()).not.toContain('server="x"');
    expect(await globalRegistry.metrics()).not.toContain("mcp_hub_");
  });

  it("forgets a removed server's gauges", async () => {
    const metrics = createMetrics({ processMetrics: false });
    metrics.serverUp.set({ server: "gone" }, 1);
    metrics.breakerOpen.set({ server: "gone" }, 0);
    metrics.forgetServer("gone");
    expect(await metrics.render()).not.toContain('server="gone"');
  });
});

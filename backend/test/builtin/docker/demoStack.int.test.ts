import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningHub } from "../../../src/hubProcess.js";
import { checkDemo, demoImages, deployDemo, postgresKeepsData } from "../../support/demoStack.js";
import { dockerAvailable } from "../../support/docker.js";
import { pollUntil } from "../../support/poll.js";
import { hubTarget, ok, startTestHub, uniqueName, type ToolTarget } from "./targets.js";

const log = (line: string) => void process.stderr.write(`[demo-stack] ${line}\n`);

/**
 * The demo stack through the hub's /mcp: nginx + postgres (named volume) + redis on an app network, with health
 * checks, deployed by deploy_stack; healthy, reachable, and postgres's data survives a restart.
 */
describe.skipIf(!dockerAvailable())("docker tools: the demo stack", () => {
  let hub: RunningHub;
  let tools: ToolTarget;
  const stack = uniqueName("demo").replace(/[^a-z0-9-]/g, "");
  beforeAll(async () => {
    hub = await startTestHub();
    tools = await hubTarget(hub, "dock");
  });
  afterAll(async () => {
    await tools?.call("remove_stack", { name: stack, remove_volumes: true, confirm: true });
    await tools?.close();
    await hub?.close();
  });

  it(
    "deploys healthy and reachable, and postgres keeps its data across a restart",
    { timeout: 600_000 },
    async () => {
      const images = await demoImages(tools.call, log);
      log(`images: ${images.source}${images.built.length ? `, built ${images.built.join(", ")}` : ""}`);
      const started = Date.now();
      const deployed = await deployDemo(tools.call, stack, images.images);
      const seconds = (Date.now() - started) / 1000;
      log(`stack ${stack} healthy in ${seconds.toFixed(1)} s (images ready)`);
      expect(seconds).toBeLessThan(60);
      expect(deployed.status.map((s) => [s.service, s.state, s.health])).toEqual(
        expect.arrayContaining([
          ["web", "running", "healthy"],
          ["db", "running", "healthy"],
          ["cache", "running", "healthy"],
        ]),
      );
      const reached = await checkDemo(tools.call, stack, deployed.status);
      expect(reached.page).toContain("Welcome to nginx!");
      expect(reached.cache).toBe("PONG");
      expect(reached.db).toMatch(/db:5432 - accepting connections/);
      const status = ok<{ volumes: string[]; networks: string[] }>(
        await tools.call("stack_status", { name: stack }),
      );
      expect(status.volumes).toEqual([`${stack}_db_data`]);
      expect(status.networks).toEqual([`${stack}_app`]);
      expect(
        await postgresKeepsData(tools.call, stack, (check) =>
          pollUntil(check, { timeoutMs: 60_000, intervalMs: 500 }),
        ),
      ).toBe(true);
    },
  );
});

/** A hub whose A2A gateway port is taken still serves MCP and its API, and says there is no gateway. */
import { createServer, type Server } from "node:net";
import type { AgentsResponse } from "@mcp-hub/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLocalHub, type LocalHub } from "../support/localHub.js";

describe("a taken A2A gateway port", () => {
  let squatter: Server;
  let hub: LocalHub;

  beforeAll(async () => {
    squatter = createServer();
    await new Promise<void>((resolve) => squatter.listen(0, "127.0.0.1", resolve));
    const { port } = squatter.address() as { port: number };
    hub = await startLocalHub({ gateway: port });
  });
  afterAll(async () => {
    await hub?.dispose();
    await new Promise((resolve) => squatter?.close(resolve));
  });

  it("keeps the hub up, without a gateway", async () => {
    expect(hub.gatewayUrl).toBeUndefined();
    const response = await fetch(`${hub.url}/api/agents`, {
      headers: { authorization: `Bearer ${hub.token}` },
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as AgentsResponse).gateway).toBeNull();
    expect((await fetch(`${hub.url}/health/live`)).status).toBe(200);
  });
});

import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { PingRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import { pino } from "pino";
import { describe, expect, it, vi } from "vitest";
import type { Connector } from "../../src/downstream/connection.js";
import { LogRing, SUPERVISION_DEFAULTS, type ServerStatus } from "../../src/downstream/index.js";
import { createSupervisedServer } from "../../src/downstream/supervisor.js";
import { AuthorizationRequired, CircuitOpen } from "../../src/errors/index.js";

/** A connector to in-memory SDK servers: `failNext` makes attempts fail, `hangPings` makes health checks time out. */
function fakeConnector() {
  const control = { failNext: 0, hangPings: false, connects: 0, unauthorized: false };
  const connector: Connector = {
    kind: "image",
    transport: "stdio",
    async connect(createClient) {
      control.connects++;
      if (control.unauthorized) throw new AuthorizationRequired("rt-sup", "not authorized yet");
      if (control.failNext > 0) {
        control.failNext--;
        throw new Error("boom");
      }
      const server = new Server({ name: "mem", version: "1" }, { capabilities: {} });
      server.setRequestHandler(PingRequestSchema, () =>
        control.hangPings ? new Promise(() => undefined) : {},
      );
      const [a, b] = InMemoryTransport.createLinkedPair();
      await server.connect(b);
      const client = createClient();
      await client.connect(a);
      return { client, containerId: `c${control.connects}`, close: () => client.close() };
    },
    openSession: () => Promise.reject(new Error("unused")),
  };
  return { connector, control };
}

const supervised = (connector: Connector, over: Partial<typeof SUPERVISION_DEFAULTS> = {}) => {
  const statuses: ServerStatus[] = [];
  const server = createSupervisedServer({
    name: "rt-sup",
    connector,
    ring: new LogRing(),
    createClient: () => new Client({ name: "t", version: "1" }),
    onStatus: (s) => statuses.push(s),
    log: pino({ level: "silent" }),
    supervision: { ...SUPERVISION_DEFAULTS, backoffInitialMs: 5, backoffMaxMs: 20, ...over },
  });
  return { server, statuses };
};

describe("supervisor", () => {
  it("waits for authorization without retrying, fails calls with how to authorize, and connects on restart", async () => {
    const { connector, control } = fakeConnector();
    control.unauthorized = true;
    const { server } = supervised(connector);
    await server.start();
    expect(server.status()).toMatchObject({ state: "needs-authorization", lastError: "not authorized yet" });
    expect(() => server.client()).toThrow(/needs authorization .*mcp-hub server auth rt-sup/);
    expect(control.connects).toBe(1);
    expect(server.status().breaker).toBe("closed");

    control.unauthorized = false;
    await server.restart();
    await vi.waitFor(() => expect(server.status().state).toBe("ready"));
    // An authorization that ends later (a refused renewal) drops the connection the same way.
    server.requireAuthorization("invalid_grant");
    expect(server.status()).toMatchObject({ state: "needs-authorization", lastError: "invalid_grant" });
    await server.stop();
  });

  it("retries a failed first start in the background until ready", async () => {
    const { connector, control } = fakeConnector();
    control.failNext = 2;
    const { server, statuses } = supervised(connector);
    await server.start();
    expect(server.status().state).toBe("restarting");
    await vi.waitFor(() => expect(server.status().state).toBe("ready"));
    const transitions = statuses.map((s) => s.state).filter((state, i, all) => state !== all[i - 1]);
    expect(transitions).toEqual(["starting", "restarting", "ready"]);
    expect(server.status()).toMatchObject({ restarts: 2, lastError: "boom", containerId: "c3" });
    await server.stop();
  });

  it("treats a timed-out ping as a failure and reconnects", async () => {
    const { connector, control } = fakeConnector();
    const { server } = supervised(connector, { pingIntervalMs: 20, pingTimeoutMs: 30 });
    await server.start();
    control.hangPings = true;
    await vi.waitFor(() => expect(server.status().lastError).toMatch(/health ping failed/));
    control.hangPings = false;
    await vi.waitFor(() => expect(server.status().state).toBe("ready"));
    expect(control.connects).toBeGreaterThanOrEqual(2);
    expect(server.logs().some((l) => l.includes("health ping failed"))).toBe(true);
    await server.stop();
  });

  it("opens the circuit after N failures, tries again half-open, and closes on success", async () => {
    const { connector, control } = fakeConnector();
    control.failNext = 3;
    const { server } = supervised(connector, { breakerFailures: 3, breakerOpenMs: 150 });
    await server.start();
    await vi.waitFor(() => expect(server.status().state).toBe("circuit-open"));
    expect(() => server.client()).toThrow(CircuitOpen);
    expect(control.connects).toBe(3);
    await vi.waitFor(() => expect(server.status().state).toBe("ready"));
    expect(server.status().breaker).toBe("closed");
    await server.stop();
  });

  it("stops supervising: no reconnect after stop, and client() refuses", async () => {
    const { connector, control } = fakeConnector();
    const { server } = supervised(connector);
    await server.start();
    const client = server.client();
    await server.stop();
    await client.close();
    expect(server.status().state).toBe("stopped");
    expect(() => server.client()).toThrow(/unavailable/);
    expect(control.connects).toBe(1);
  });
});

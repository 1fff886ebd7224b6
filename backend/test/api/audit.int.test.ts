import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { connectStreamableHttp, type ConnectedClient } from "../support/mcpClient.js";
import { TEST_IMAGES } from "../support/images.js";
import { startTestHub, type TestHub } from "../hub/hubKit.js";

interface AuditEvent {
  client?: string;
  server: string;
  method: string;
  name?: string;
  argsHash?: string;
  outcome: string;
  error?: string;
  latencyMs: number;
}

/** Every relayed call leaves exactly one audit event, in the API and in audit.jsonl, without argument values. */
describe.skipIf(!inject("mcpHubTestDocker"))("audit log of the hub container", () => {
  let hub: TestHub;
  let c: ConnectedClient;
  const clientName = `audit-client-${randomBytes(4).toString("hex")}`;
  const marker = `arg-value-${randomBytes(8).toString("hex")}`;

  beforeAll(async () => {
    hub = await startTestHub();
    await hub.addServer({ name: "fx", kind: "image", image: TEST_IMAGES.fixture });
    await hub.addServer({ name: "tmo", kind: "image", image: TEST_IMAGES.fixture, callTimeoutMs: 1000 });
    c = await connectStreamableHttp(`${hub.url}/mcp`, { token: hub.token, name: clientName });
  });

  afterAll(async () => {
    await c?.close();
    await hub?.dispose();
  });

  it("records each call once with its outcome, in the API and the file, and never the argument values", async () => {
    const call = (name: string, args: Record<string, unknown>) =>
      c.client.callTool({ name, arguments: args }).then(
        () => "resolved",
        () => "rejected",
      );
    const expected: { server: string; name: string; outcome: string }[] = [];
    for (let i = 0; i < 3; i++) {
      expect(await call("fx__echo", { text: `${marker}-${i}` })).toBe("resolved");
      expected.push({ server: "fx", name: "echo", outcome: "ok" });
    }
    // This client cannot sample, so the server's request fails and so does the call.
    for (let i = 0; i < 2; i++) {
      expect(await call("fx__sample", { prompt: `${marker}-s${i}` })).toBe("rejected");
      expected.push({ server: "fx", name: "sample", outcome: "error" });
    }
    expect(await call("tmo__hang", { note: marker })).toBe("rejected");
    expected.push({ server: "tmo", name: "hang", outcome: "timeout" });
    expect(await call("fx__add", { a: 2, b: 3 })).toBe("resolved");
    expected.push({ server: "fx", name: "add", outcome: "ok" });
    // Not relayed (no such server): nothing to audit.
    expect(await call("nope__echo", { text: marker })).toBe("rejected");

    const shape = (e: AuditEvent) => ({ server: e.server, name: e.name, outcome: e.outcome });
    const mine = (events: AuditEvent[]) => events.filter((e) => e.client === clientName);

    const api = await hub.api<{ events: AuditEvent[] }>("GET", "/audit?limit=500");
    expect(api.status).toBe(200);
    const fromApi = mine(api.body.events);
    // recent() may be newest-first; compare as multisets, then check order-independent facts.
    const sortKey = (e: { server: string; name?: string; outcome: string }) =>
      `${e.server}/${e.name}/${e.outcome}`;
    expect(fromApi.map(shape).map(sortKey).sort()).toEqual(expected.map(sortKey).sort());
    for (const e of fromApi) {
      expect(e.method).toBe("tools/call");
      expect(e.argsHash).toMatch(/^[0-9a-f]{64}$/);
      expect(e.latencyMs).toBeGreaterThanOrEqual(0);
    }
    expect(fromApi.find((e) => e.outcome === "timeout")?.latencyMs).toBeGreaterThanOrEqual(900);
    expect(JSON.stringify(api.body)).not.toContain(marker);

    const file = join(hub.dataDir, "audit.jsonl");
    await vi.waitFor(() => {
      const lines = readFileSync(file, "utf8").split("\n").filter(Boolean);
      const fromFile = mine(lines.map((l) => JSON.parse(l) as AuditEvent));
      expect(fromFile.map(shape)).toEqual(expected); // the file keeps call order
    });
    expect(readFileSync(file, "utf8")).not.toContain(marker);

    // The same filters the Activity page uses.
    const timeouts = await hub.api<{ events: AuditEvent[] }>("GET", "/audit?outcome=timeout&server=tmo");
    expect(mine(timeouts.body.events).map(shape)).toEqual([
      { server: "tmo", name: "hang", outcome: "timeout" },
    ]);
  });
});

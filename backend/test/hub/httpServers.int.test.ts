import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { connectStreamableHttp, type ConnectedClient } from "../support/mcpClient.js";
import { CONFORMANCE_PORT, docker, TEST_IMAGES } from "../support/images.js";
import { TEST_LABEL } from "../support/docker.js";
import { startTestHub, type TestHub, textOf } from "./hubKit.js";

const sampler = (tag: string) => ({
  sampling: (req: { messages: { content: unknown }[] }) => ({
    role: "assistant" as const,
    model: "test",
    content: { type: "text" as const, text: `${tag}:${(req.messages[0]?.content as { text: string }).text}` },
  }),
});

/** Servers that speak Streamable HTTP: an image run with transport "http", and a remote URL. */
describe.skipIf(!inject("mcpHubTestDocker"))("HTTP servers through the hub container", () => {
  let hub: TestHub;
  let main: ConnectedClient;
  let remoteName: string;

  beforeAll(async () => {
    hub = await startTestHub();
    remoteName = `${hub.containerPrefix}remote-fixture`;
    // A fixture serving HTTP on the public network, reached by container name like any remote server.
    const run = await docker([
      "run",
      "-d",
      "--name",
      remoteName,
      "--network",
      "mcp-hub",
      "--label",
      `${TEST_LABEL}=${hub.selector}`,
      TEST_IMAGES.fixture,
      "--http",
      "3000",
    ]);
    expect(run.code, run.stderr).toBe(0);
    await vi.waitFor(
      async () => expect((await docker(["logs", remoteName])).stderr).toContain("serving MCP on http"),
      { timeout: 20_000, interval: 200 },
    );
    main = await connectStreamableHttp(`${hub.url}/mcp`, { token: hub.token });
  });

  afterAll(async () => {
    await main?.close();
    await hub?.dispose();
  });

  it("runs an image that speaks Streamable HTTP (the conformance server) and routes calls to it", async () => {
    const added = await hub.addServer({
      name: "conf",
      kind: "image",
      image: TEST_IMAGES.conformance,
      transport: "http",
      port: CONFORMANCE_PORT,
      path: "/mcp",
      env: { MCP_ALLOWED_HOSTS: "*" },
    });
    expect(added.state, added.lastError).toBe("ready");
    expect(added.transport).toBe("http");
    expect(added.counts.tools).toBeGreaterThan(5);

    const simple = await main.client.callTool({ name: "conf__test_simple_text", arguments: {} });
    expect(textOf(simple)).toBe("This is a simple text response for testing.");
    // Sampling over HTTP: the client gets its own downstream HTTP session.
    const asker = await connectStreamableHttp(`${hub.url}/mcp`, {
      token: hub.token,
      handlers: sampler("conf-client"),
    });
    try {
      const sampled = await asker.client.callTool({
        name: "conf__test_sampling",
        arguments: { prompt: "hi over http" },
      });
      expect(JSON.stringify(sampled.content)).toContain("conf-client:hi over http");
    } finally {
      await asker.close();
    }
  });

  it("connects to a remote URL server and routes calls to it", async () => {
    await hub.addServer({ name: "rem", kind: "remote", url: `http://${remoteName}:3000/mcp` });
    const view = await hub.waitForServer("rem", (v) => {
      expect(v.state).toBe("ready");
      expect(v.counts.tools).toBeGreaterThan(0);
    });
    expect(view.kind).toBe("remote");
    expect(view.containerId).toBeUndefined();

    const echoed = await main.client.callTool({ name: "rem__echo", arguments: { text: "remote hello" } });
    expect(textOf(echoed)).toBe("remote hello");
    const asker = await connectStreamableHttp(`${hub.url}/mcp`, {
      token: hub.token,
      handlers: sampler("rem-client"),
    });
    try {
      const sampled = await asker.client.callTool({ name: "rem__sample", arguments: { prompt: "question" } });
      expect(textOf(sampled)).toBe("rem-client:question");
    } finally {
      await asker.close();
    }
  });
});

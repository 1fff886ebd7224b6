/** The test images globalSetup built: labelled, non-root, and each one speaks MCP on stdio. */
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, describe, expect, it } from "vitest";
import { dockerAvailable, labelArgs, runId } from "./docker.js";
import { docker, TEST_IMAGES } from "./images.js";
import { connectStdio } from "./mcpClient.js";

const textOf = (r: unknown) => {
  const first = (r as CallToolResult).content[0];
  return first?.type === "text" ? first.text : "";
};

describe.skipIf(!dockerAvailable())("test images", () => {
  const detached = `fx-images-${runId()}`;
  afterAll(async () => {
    await docker(["rm", "-f", "-v", detached]);
  });

  it.each(Object.values(TEST_IMAGES))("%s is labelled and runs as user 1000", async (tag) => {
    const res = await docker(["image", "inspect", "--format", "{{json .Config}}", tag]);
    expect(res.code).toBe(0);
    const config = JSON.parse(res.stdout) as { User: string; Labels: Record<string, string> };
    expect(config.User).toBe("1000:1000");
    expect(config.Labels["mcp-hub.test-image"]).toBe("true");
    expect(config.Labels["mcp-hub-test.hash"]).toMatch(/^[0-9a-f]{16}$/);
  });

  it.each([
    [TEST_IMAGES.everything, "mcp-servers/everything", "echo"],
    [TEST_IMAGES.memory, "memory-server", "create_entities"],
  ])("%s serves MCP on stdio", async (tag, serverName, tool) => {
    const conn = await connectStdio({ command: "docker", args: ["run", "-i", "--rm", ...labelArgs(), tag] });
    try {
      expect(conn.client.getServerVersion()?.name).toBe(serverName);
      expect((await conn.client.listTools()).tools.map((t) => t.name)).toContain(tool);
    } finally {
      await conn.close();
    }
  });

  it("the memory server can write its graph as user 1000", async () => {
    const conn = await connectStdio({
      command: "docker",
      args: ["run", "-i", "--rm", ...labelArgs(), TEST_IMAGES.memory],
    });
    try {
      const entities = [{ name: "fx", entityType: "test", observations: ["written"] }];
      const created = await conn.client.callTool({ name: "create_entities", arguments: { entities } });
      expect(created.isError).toBeFalsy();
      const graph = await conn.client.callTool({ name: "read_graph", arguments: {} });
      expect(textOf(graph)).toContain("written");
    } finally {
      await conn.close();
    }
  });

  it("a docker-exec'd fixture is a different process from the container's main one", async () => {
    const run = await docker(["run", "-d", "-i", "--name", detached, ...labelArgs(), TEST_IMAGES.fixture]);
    expect(run.code, run.stderr).toBe(0);
    const conn = await connectStdio(
      { command: "docker", args: ["exec", "-i", detached, "node", "/app/server.mjs"] },
      { name: "fx-exec", version: "2.0.0" },
    );
    try {
      const me = JSON.parse(textOf(await conn.client.callTool({ name: "whoami", arguments: {} })));
      expect(me).toMatchObject({ name: "fx-exec", version: "2.0.0" });
      expect(me.pid).not.toBe(1); // pid 1 is the main server the container started with
    } finally {
      await conn.close();
    }
  });
});

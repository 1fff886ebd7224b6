import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import Dockerode from "dockerode";
import { describe, expect, it } from "vitest";
import { createDockerServer } from "../../../src/builtin/docker/mcpServer.js";
import { createdLabels } from "../../../src/builtin/docker/labels.js";
import { dockerOptionsSchema, type Mode } from "../../../src/builtin/docker/options.js";
import { createProtection } from "../../../src/builtin/docker/protection.js";
import { createStackHistory } from "../../../src/builtin/docker/stackHistory.js";
import { DOCKER_TOOLS } from "../../../src/builtin/docker/tools.js";
import { HUB_SEAM } from "../../../src/builtin/docker/hubSeam.js";
import { createLogger } from "../../../src/log/index.js";

/** The tool table as a client sees it, with an engine that is never reached (a closed port). */
async function listed(mode: Mode, hubReadOnly = false) {
  const server = createDockerServer({
    name: "docker",
    docker: new Dockerode({ host: "127.0.0.1", port: 1 }),
    options: dockerOptionsSchema.parse({ mode }),
    labels: createdLabels("docker", {}),
    protection: createProtection(undefined),
    history: createStackHistory(),
    log: createLogger({ level: "silent" }),
    tools: DOCKER_TOOLS,
    hubReadOnly: () => hubReadOnly,
    seam: HUB_SEAM,
  });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  const client = new Client({ name: "t", version: "1" });
  await client.connect(clientSide);
  return { client, tools: (await client.listTools()).tools };
}

const ISSUE_TOOLS = [
  "list_containers",
  "inspect_container",
  "run_container",
  "start_container",
  "stop_container",
  "restart_container",
  "pause_container",
  "unpause_container",
  "remove_container",
  "container_logs",
  "container_stats",
  "container_top",
  "exec_in_container",
  "copy_to_container",
  "copy_from_container",
  "list_images",
  "inspect_image",
  "pull_image",
  "build_image",
  "tag_image",
  "push_image",
  "remove_image",
  "prune_images",
  "list_networks",
  "inspect_network",
  "create_network",
  "remove_network",
  "connect_network",
  "disconnect_network",
  "list_volumes",
  "inspect_volume",
  "create_volume",
  "remove_volume",
  "prune_volumes",
  "system_info",
  "system_version",
  "disk_usage",
  "system_events",
  "deploy_stack",
  "stack_status",
  "remove_stack",
  "validate_config",
];

describe("docker tools: the table", () => {
  it("lists every tool of the issue, each with a description, four annotations and described arguments", async () => {
    const { tools } = await listed("no-destructive");
    expect(tools.map((t) => t.name).sort()).toEqual([...ISSUE_TOOLS].sort());
    for (const tool of tools) {
      expect(tool.description, tool.name).toMatch(/\w{3,}/);
      expect(Object.keys(tool.annotations ?? {}).sort(), tool.name).toEqual([
        "destructiveHint",
        "idempotentHint",
        "openWorldHint",
        "readOnlyHint",
      ]);
      expect(tool.inputSchema.additionalProperties, tool.name).toBe(false);
      for (const [arg, schema] of Object.entries(tool.inputSchema.properties ?? {}))
        expect((schema as { description?: string }).description, `${tool.name}.${arg}`).toMatch(/\w{3,}/);
    }
  });

  it("names a container, network or volume with the argument name, and lets every destructive tool take confirm", async () => {
    const { tools } = await listed("full");
    for (const tool of tools.filter(
      (t) =>
        /_(container|network|volume)$/.test(t.name) &&
        !t.name.startsWith("list_") &&
        !t.name.startsWith("prune_"),
    ))
      expect(tool.inputSchema.properties, tool.name).toHaveProperty("name");
    for (const tool of tools.filter((t) => t.annotations?.destructiveHint))
      expect(tool.inputSchema.properties, tool.name).toHaveProperty("confirm");
    const destructive = tools.filter((t) => t.annotations?.destructiveHint).map((t) => t.name);
    expect(destructive).toEqual(
      expect.arrayContaining([
        "remove_container",
        "remove_image",
        "prune_images",
        "remove_network",
        "remove_volume",
        "prune_volumes",
        "remove_stack",
      ]),
    );
    expect(tools.filter((t) => t.annotations?.readOnlyHint && t.annotations.destructiveHint)).toEqual([]);
  });

  it("in read-only mode lists only read-only tools", async () => {
    const { tools } = await listed("read-only");
    expect(tools.length).toBeGreaterThan(10);
    expect(tools.every((t) => t.annotations?.readOnlyHint === true)).toBe(true);
    expect(tools.map((t) => t.name)).toEqual(
      expect.arrayContaining(["list_containers", "stack_status", "validate_config"]),
    );
  });

  it("answers an engine that is not there with an isError result and a hint", async () => {
    const { client } = await listed("full");
    const result = (await client.callTool({ name: "system_version", arguments: {} })) as {
      isError: boolean;
      content: { text: string }[];
    };
    expect(result.isError).toBe(true);
    expect(result.content[0]!.text).toMatch(
      /^Docker: .*ECONNREFUSED[\s\S]*Hint: the Docker engine is not reachable/,
    );
  });

  it("refuses dangerous options outside full mode before reaching the engine", async () => {
    const { client } = await listed("no-destructive");
    for (const args of [
      { privileged: true },
      { network: "host" },
      { pid: "host" },
      { volumes: [{ source: "/var/run/docker.sock", target: "/var/run/docker.sock" }] },
      { volumes: [{ source: "/etc", target: "/host-etc" }] },
    ]) {
      const result = (await client.callTool({
        name: "run_container",
        arguments: { image: "x:1", ...args },
      })) as {
        isError: boolean;
        content: { text: string }[];
      };
      expect(result.isError, JSON.stringify(args)).toBe(true);
      expect(result.content[0]!.text, JSON.stringify(args)).toMatch(/^Refused: .*"no-destructive" mode/);
    }
  });
});

import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import type { Logger } from "../../log/index.js";
import { HUB_SEAM } from "./hubSeam.js";
import { loadInstance } from "./loadInstance.js";
import { dockerOptionsSchema, type DockerOptions } from "./options.js";
import { createStackHistory } from "./stackHistory.js";

/**
 * The docker tools without the hub: one MCP server over this process's stdin and stdout (`mcp-hub docker-tools`).
 * The module's MCP server sees the stdio client's own capabilities, so confirmation asks that client, as on /mcp.
 * Resolves when the client closes the connection.
 */
export async function serveDockerToolsOverStdio(options: Partial<DockerOptions>, log: Logger): Promise<void> {
  const { startDockerInstance } = await loadInstance();
  const instance = await startDockerInstance(
    { name: "docker", options: dockerOptionsSchema.parse(options), log, readOnly: () => false },
    { seam: HUB_SEAM, history: createStackHistory() },
  );
  const server = instance.createServer();
  const transport = new StdioServerTransport();
  const closed = new Promise<void>((resolve) => (transport.onclose = resolve));
  await server.connect(transport);
  // The SDK's transport does not notice the client hanging up: the end of stdin is that.
  process.stdin.once("end", () => void server.close());
  await closed;
  await instance.close?.();
}

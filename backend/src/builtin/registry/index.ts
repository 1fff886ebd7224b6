import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import { defineBuiltin, type AnyBuiltinModule } from "../../hub/index.js";
import type { Registry } from "../../registry/index.js";
import { VERSION } from "../../version.js";
import { registerDockerHubTools } from "./dockerHub.js";
import { registerLocalTools } from "./localTools.js";

const options = z
  .object({
    /** Docker Hub's API, for the hub_* tools (tests point it at a stand-in). */
    dockerHubUrl: z.url().default("https://hub.docker.com"),
  })
  .strict();

/**
 * `registry`: the hub's local image registry as MCP tools — what it holds, one image's details, deleting (with
 * the seam's confirmation) — and Docker Hub's read-only equivalents. On by default (its reads change nothing).
 */
export function registryModule(registry: Registry): AnyBuiltinModule {
  return defineBuiltin({
    id: "registry",
    description: "The hub's local image registry: list, inspect and delete images; search Docker Hub",
    options,
    seeds: [
      {
        name: "registry",
        enabled: true,
        risk: "low",
        description: "The hub's local image registry, and Docker Hub read-only",
      },
    ],
    start({ name, options, readOnly }) {
      return {
        createServer() {
          const mcp = new McpServer(
            { name, title: "Local registry", version: VERSION },
            {
              instructions:
                "Tools over the hub's local image registry, where migrated MCP servers' images live.",
            },
          );
          registerLocalTools(mcp, registry, readOnly);
          registerDockerHubTools(mcp, options.dockerHubUrl);
          return mcp;
        },
      };
    },
  });
}

/**
 * "probe": a small test-only built-in module. Its instance keeps a set of items shared by all of its sessions;
 * `echo` and `list_items` only read, `remove_item` is destructive and goes through the seam's confirmation.
 */
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import { confirm, defineBuiltin, refusal } from "../../src/hub/index.js";

export const PROBE_ITEMS = ["alpha", "beta", "gamma"];

export const probeBuiltin = defineBuiltin({
  id: "probe",
  description: "Test-only built-in: echoes, lists and removes items",
  options: z.object({ greeting: z.string().min(1).default("hello") }).strict(),
  seeds: [{ name: "probe", enabled: true, risk: "low" }],
  start({ name, options, readOnly }) {
    const items = new Set(PROBE_ITEMS);
    let closed = false;
    return {
      createServer() {
        const mcp = new McpServer({ name, version: "test" });
        mcp.registerTool(
          "echo",
          {
            description: "Returns the greeting and the text",
            inputSchema: { text: z.string().describe("What to echo") },
            annotations: { readOnlyHint: true },
          },
          async ({ text }) => ({ content: [{ type: "text", text: `${options.greeting} ${text}` }] }),
        );
        mcp.registerTool(
          "list_items",
          { description: "Lists the items", annotations: { readOnlyHint: true } },
          async () => ({
            content: [{ type: "text", text: [...items].join(", ") }],
            structuredContent: { items: [...items] },
          }),
        );
        mcp.registerTool(
          "remove_item",
          {
            description: "Removes an item for good",
            inputSchema: {
              item: z.string().describe("The item to remove"),
              confirm: z.boolean().optional().describe("true once the user has agreed to the removal"),
            },
            annotations: { readOnlyHint: false, destructiveHint: true },
          },
          async ({ item, confirm: confirmed }, extra) => {
            const answer = await confirm(mcp.server, {
              action: `Remove item "${item}"`,
              confirmed,
              readOnly: readOnly(),
              signal: extra.signal,
            });
            if (!answer.confirmed) return refusal(answer.reason);
            items.delete(item);
            return { content: [{ type: "text", text: `removed ${item} (${answer.via})` }] };
          },
        );
        return mcp;
      },
      async close() {
        closed = true;
      },
      get closed() {
        return closed;
      },
    };
  },
});

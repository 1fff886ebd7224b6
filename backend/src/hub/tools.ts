import {
  ErrorCode,
  type CallToolRequest,
  type CallToolResult,
  type ListToolsResult,
  type Tool,
} from "@modelcontextprotocol/sdk/types.js";
import { READ_ONLY_HINT } from "../errors/index.js";
import type { CallContext, CallPipeline } from "./callPipeline.js";
import type { Catalog } from "./catalog.js";
import { toNamespaced } from "./naming.js";
import { RpcError } from "./rpcError.js";
import type { ClientSession } from "./session.js";
import { SharedLists } from "./sharedLists.js";
import type { Visibility } from "./visibility.js";

/** The hub's read-only mode lets through only tools that say they change nothing. */
const isReadOnly = (tool: Tool | undefined) => tool?.annotations?.readOnlyHint === true;

/**
 * Tools, the MCP capability: tools/list from the catalog (one shared, frozen answer per scope, client and mode)
 * and tools/call routed to the tool's server. In read-only mode only tools annotated readOnlyHint are listed and
 * callable; a call to any other is refused and audited as denied.
 */
export class Tools {
  private readonly lists = new SharedLists<ListToolsResult>();

  constructor(
    private readonly deps: {
      catalog: Catalog;
      visibility: Visibility;
      pipeline: CallPipeline;
      readOnly: () => boolean;
    },
  ) {}

  /** The tools/list answer for this session: built once per scope, client and mode, shared and frozen. */
  list(session: ClientSession): ListToolsResult {
    const { catalog, visibility } = this.deps;
    const readOnly = this.deps.readOnly();
    const key = `${session.scope.server ?? "*"}\n${session.clientName}\n${readOnly ? "read-only" : ""}`;
    return this.lists.get(key, catalog.version, visibility.profileOf(session), () => ({
      tools: Object.freeze(
        visibility.servers(session).flatMap((server) =>
          catalog
            .get(server)
            .tools.filter((tool) => !visibility.hidden(session, server, tool.name))
            .filter((tool) => !readOnly || isReadOnly(tool))
            .map((tool) => ({ ...tool, name: session.scope.show(server, tool.name) })),
        ),
      ) as Tool[],
    }));
  }

  async call(
    session: ClientSession,
    params: CallToolRequest["params"],
    context: CallContext,
  ): Promise<CallToolResult> {
    const target = this.deps.visibility.resolve(session, params.name, "tool");
    const call = {
      server: target.server,
      method: "tools/call",
      name: target.name,
      args: params.arguments,
      params: { ...params, name: target.name, _meta: undefined },
    };
    if (this.deps.readOnly() && !isReadOnly(this.find(target.server, target.name)))
      this.deps.pipeline.deny(
        session,
        call,
        new RpcError(
          ErrorCode.InvalidRequest,
          `${toNamespaced(target.server, target.name)} may change things and the hub is in read-only mode, which allows only tools annotated readOnlyHint; ${READ_ONLY_HINT} to call it`,
          { code: "read_only" },
        ),
      );
    return this.deps.pipeline.forward<CallToolResult>(session, context, call);
  }

  private find(server: string, name: string): Tool | undefined {
    return this.deps.catalog.get(server).tools.find((tool) => tool.name === name);
  }
}

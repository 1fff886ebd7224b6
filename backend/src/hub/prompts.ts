import type { GetPromptRequest, GetPromptResult, Prompt } from "@modelcontextprotocol/sdk/types.js";
import type { CallContext, CallPipeline } from "./callPipeline.js";
import type { Catalog } from "./catalog.js";
import type { ClientSession } from "./session.js";
import type { Visibility } from "./visibility.js";

/** Prompts, the MCP capability: prompts/list from the catalog, prompts/get routed to the prompt's server. */
export class Prompts {
  constructor(private readonly deps: { catalog: Catalog; visibility: Visibility; pipeline: CallPipeline }) {}

  list(session: ClientSession): Prompt[] {
    return this.deps.visibility
      .servers(session)
      .flatMap((server) =>
        this.deps.catalog
          .get(server)
          .prompts.map((p) => ({ ...p, name: session.scope.show(server, p.name) })),
      );
  }

  async get(
    session: ClientSession,
    params: GetPromptRequest["params"],
    context: CallContext,
  ): Promise<GetPromptResult> {
    const target = this.deps.visibility.resolve(session, params.name, "prompt");
    return this.deps.pipeline.forward<GetPromptResult>(session, context, {
      server: target.server,
      method: "prompts/get",
      name: target.name,
      args: params.arguments,
      params: { ...params, name: target.name, _meta: undefined },
    });
  }
}

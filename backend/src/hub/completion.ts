import type { CompleteRequest, CompleteResult } from "@modelcontextprotocol/sdk/types.js";
import type { CallContext, CallPipeline } from "./callPipeline.js";
import type { Catalog } from "./catalog.js";
import type { ClientSession } from "./session.js";
import type { Visibility } from "./visibility.js";

/**
 * Completion, the MCP utility: completion/complete goes to the server of the prompt or resource template it
 * completes, always on the shared connection (completing an argument asks nothing of the client).
 */
export class Completion {
  constructor(private readonly deps: { catalog: Catalog; visibility: Visibility; pipeline: CallPipeline }) {}

  async complete(
    session: ClientSession,
    params: CompleteRequest["params"],
    context: CallContext,
  ): Promise<CompleteResult> {
    const { visibility, catalog } = this.deps;
    let server: string;
    let ref = params.ref;
    if (ref.type === "ref/prompt") {
      const target = visibility.resolve(session, ref.name, "prompt");
      server = target.server;
      ref = { ...ref, name: target.name };
    } else {
      const uri = ref.uri;
      const owner = visibility
        .servers(session)
        .find((s) => catalog.get(s).resourceTemplates.some((t) => t.uriTemplate === uri));
      server = owner ?? visibility.ownerOfUri(session, uri);
    }
    return this.deps.pipeline.forward<CompleteResult>(session, context, {
      server,
      method: "completion/complete",
      params: { ...params, ref, _meta: undefined },
      shared: true,
    });
  }
}

import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type {
  ReadResourceRequest,
  ReadResourceResult,
  Resource,
  ResourceTemplate,
} from "@modelcontextprotocol/sdk/types.js";
import type { Logger } from "../log/index.js";
import type { CallContext, CallPipeline } from "./callPipeline.js";
import type { Catalog } from "./catalog.js";
import type { Fleet } from "./fleet.js";
import type { ClientSession } from "./session.js";
import type { Sessions } from "./sessions.js";
import type { Visibility } from "./visibility.js";

/**
 * Resources, the MCP capability: lists and templates from the catalog, resources/read routed to the URI's owner,
 * and subscriptions — reference-counted per server and URI, so many clients subscribing to one URI cost the server
 * one subscription, renewed when the server restarts.
 */
export class Resources {
  constructor(
    private readonly deps: {
      catalog: Catalog;
      visibility: Visibility;
      pipeline: CallPipeline;
      sessions: Sessions;
      fleet: Fleet;
      log: Logger;
    },
  ) {}

  list(session: ClientSession): Resource[] {
    return this.deps.visibility.servers(session).flatMap((server) => this.deps.catalog.get(server).resources);
  }

  templates(session: ClientSession): ResourceTemplate[] {
    return this.deps.visibility
      .servers(session)
      .flatMap((server) => this.deps.catalog.get(server).resourceTemplates);
  }

  async read(
    session: ClientSession,
    params: ReadResourceRequest["params"],
    context: CallContext,
  ): Promise<ReadResourceResult> {
    const server = this.deps.visibility.ownerOfUri(session, params.uri);
    return this.deps.pipeline.forward<ReadResourceResult>(session, context, {
      server,
      method: "resources/read",
      name: params.uri,
      params: { uri: params.uri },
    });
  }

  async subscribe(session: ClientSession, uri: string): Promise<Record<string, never>> {
    const server = this.deps.visibility.ownerOfUri(session, uri);
    await this.deps.sessions.subscriptions.add(server, uri, session, () =>
      this.deps.fleet.sharedClient(server).subscribeResource({ uri }),
    );
    session.subscriptions.add(uri);
    return {};
  }

  async unsubscribe(session: ClientSession, uri: string): Promise<Record<string, never>> {
    await this.drop(this.deps.visibility.ownerOfUri(session, uri), uri, session);
    return {};
  }

  /** A closing session lets go of everything it held. */
  release(session: ClientSession): void {
    for (const { server, uri } of this.deps.sessions.subscriptions.heldBy(session))
      void this.drop(server, uri, session);
  }

  /** After a restart the server has forgotten our subscriptions: renew them. */
  async resubscribe(server: string, client: Client): Promise<void> {
    for (const uri of this.deps.sessions.subscriptions.uris(server))
      await client
        .subscribeResource({ uri })
        .catch((err) => this.deps.log.warn({ server, uri, err }, "resubscribe failed"));
  }

  private async drop(server: string, uri: string, session: ClientSession): Promise<void> {
    session.subscriptions.delete(uri);
    if (!this.deps.sessions.subscriptions.remove(server, uri, session)) return;
    const ds = this.deps.fleet.find(server);
    if (ds?.status().state === "ready")
      await ds
        .client()
        .unsubscribeResource({ uri })
        .catch(() => undefined);
  }
}

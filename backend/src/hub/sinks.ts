import type { RequestId } from "@modelcontextprotocol/sdk/types.js";
import type { ListKind } from "./catalog.js";
import { noOwner, type RelaySinks } from "./relay.js";
import type { ClientSession } from "./session.js";

/** What the sinks need from the hub: its sessions, who has calls in flight, list refresh, subscribers. */
export interface SinkContext {
  sessions(): Iterable<ClientSession>;
  owner(
    server: string,
  ):
    | { status: "owned"; session: ClientSession; relatedRequestId: RequestId }
    | { status: "none" }
    | { status: "ambiguous"; count: number };
  refreshList(server: string, kind: ListKind): void;
  subscribers(server: string, uri: string): Iterable<ClientSession>;
}

const inScope = (session: ClientSession, server: string) =>
  !session.scope.server || session.scope.server === server;

/** Fan-out for a server's shared connection: every session in scope hears it; requests go to the sole caller. */
export function sharedSinks(ctx: SinkContext, server: string): RelaySinks {
  return {
    ownerFor: (method) => {
      const owner = ctx.owner(server);
      if (owner.status === "owned" && owner.session.transport === "stateless-http")
        throw noOwner(
          method,
          "the call came over stateless 2026-07-28 HTTP, where the hub cannot yet return it as MRTR input_required",
        );
      if (owner.status === "owned")
        return { target: owner.session.server, relatedRequestId: owner.relatedRequestId };
      throw noOwner(
        method,
        owner.status === "none"
          ? `no client has a call in flight to "${server}"`
          : `${owner.count} clients have calls in flight to "${server}" and none has its own session`,
      );
    },
    logMessage: (params) => {
      for (const session of ctx.sessions()) if (inScope(session, server)) relayLog(session, server, params);
    },
    listChanged: (kind) => ctx.refreshList(server, kind),
    resourceUpdated: (uri) => {
      for (const session of ctx.subscribers(server, uri))
        void session.server.sendResourceUpdated({ uri }).catch(() => undefined);
    },
  };
}

/** A client's own downstream session: everything it asks or says goes to that client alone. */
export function dedicatedSinks(ctx: SinkContext, server: string, session: ClientSession): RelaySinks {
  return {
    ownerFor: () => {
      const owner = ctx.owner(server);
      return {
        target: session.server,
        relatedRequestId: owner.status === "owned" ? owner.relatedRequestId : undefined,
      };
    },
    logMessage: (params) => relayLog(session, server, params),
    // Lists and subscriptions are kept through the shared connection.
    listChanged: (kind) => ctx.refreshList(server, kind),
    resourceUpdated: () => undefined,
  };
}

/** Tells every session in scope that a server's lists changed. */
export function announceListChanged(
  sessions: Iterable<ClientSession>,
  server: string,
  kinds: ListKind[],
): void {
  const send = (p: Promise<void>) => void p.catch(() => undefined);
  for (const session of sessions) {
    if (!inScope(session, server)) continue;
    const s = session.server;
    if (kinds.includes("tools")) send(s.sendToolListChanged());
    if (kinds.includes("prompts")) send(s.sendPromptListChanged());
    if (kinds.includes("resources")) send(s.sendResourceListChanged());
  }
}

/** A server's log message to one session, at or above its level; on /mcp the logger names the server. */
function relayLog(
  session: ClientSession,
  server: string,
  params: { level: string; logger?: string; data?: unknown },
) {
  if (!session.wantsLog(params.level)) return;
  const logger = session.scope.server
    ? params.logger
    : `${server}${params.logger ? `/${params.logger}` : ""}`;
  void session.server
    .notification({ method: "notifications/message", params: { ...params, logger } as never })
    .catch(() => undefined);
}

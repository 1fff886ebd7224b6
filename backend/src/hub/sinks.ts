import { relayLog } from "./logging.js";
import { noOwner, type RelaySinks } from "./relay.js";
import type { ClientSession } from "./session.js";
import type { Sessions } from "./sessions.js";

const inScope = (session: ClientSession, server: string) =>
  !session.scope.server || session.scope.server === server;

/** Fan-out for a server's shared connection: every session in scope hears it; requests go to the sole caller. */
export function sharedSinks(sessions: Sessions, server: string): RelaySinks {
  return {
    ownerFor: (method) => {
      const owner = sessions.inFlight.owner(server);
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
      for (const session of sessions) if (inScope(session, server)) relayLog(session, server, params);
    },
    listChanged: (kind) => sessions.emit("listChanged", server, kind),
    resourceUpdated: (uri) => {
      for (const session of sessions.subscriptions.sessions(server, uri))
        void session.server.sendResourceUpdated({ uri }).catch(() => undefined);
    },
  };
}

/** A client's own downstream session: everything it asks or says goes to that client alone. */
export function dedicatedSinks(sessions: Sessions, server: string, session: ClientSession): RelaySinks {
  return {
    ownerFor: () => {
      const owner = sessions.inFlight.owner(server);
      return {
        target: session.server,
        relatedRequestId: owner.status === "owned" ? owner.relatedRequestId : undefined,
      };
    },
    logMessage: (params) => relayLog(session, server, params),
    // Lists and subscriptions are kept through the shared connection.
    listChanged: (kind) => sessions.emit("listChanged", server, kind),
    resourceUpdated: () => undefined,
  };
}

/** Tells every session in scope that a server's lists changed. */
export function announceListChanged(
  sessions: Iterable<ClientSession>,
  server: string,
  kinds: readonly string[],
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

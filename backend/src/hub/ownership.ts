import type { RequestId } from "@modelcontextprotocol/sdk/types.js";

/**
 * Who may answer a server→client request (sampling, elicitation, roots) that arrives on a connection shared by
 * several client sessions. Over stdio nothing on the wire says which call caused it, so we never guess: the owner
 * is the one session with calls in flight on that connection; anything else is ambiguous and gets an error.
 */
export class InFlightCalls<Session> {
  private readonly calls = new Map<string, Map<Session, RequestId[]>>();

  begin(server: string, session: Session, requestId: RequestId): () => void {
    let bySession = this.calls.get(server);
    if (!bySession) this.calls.set(server, (bySession = new Map()));
    const ids = bySession.get(session) ?? [];
    ids.push(requestId);
    bySession.set(session, ids);
    return () => {
      const index = ids.indexOf(requestId);
      if (index >= 0) ids.splice(index, 1);
      if (ids.length === 0) bySession!.delete(session);
    };
  }

  owner(
    server: string,
  ):
    | { status: "owned"; session: Session; relatedRequestId: RequestId }
    | { status: "none" }
    | { status: "ambiguous"; count: number } {
    const bySession = this.calls.get(server);
    if (!bySession || bySession.size === 0) return { status: "none" };
    if (bySession.size > 1) return { status: "ambiguous", count: bySession.size };
    const [session, ids] = [...bySession][0]!;
    return { status: "owned", session, relatedRequestId: ids[ids.length - 1]! };
  }
}

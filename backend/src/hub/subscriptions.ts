/**
 * Resource subscriptions, reference-counted per server and URI: the downstream subscription lives while at least
 * one session holds it, so many clients subscribing to one URI cost the server one subscription.
 */
export class Subscriptions<Session> {
  private readonly byServer = new Map<string, Map<string, Set<Session>>>();

  /** Subscribes downstream first when nobody holds the URI yet: if the server refuses, nothing is recorded. */
  async add(
    server: string,
    uri: string,
    session: Session,
    subscribeDownstream: () => Promise<unknown>,
  ): Promise<void> {
    let byUri = this.byServer.get(server);
    if (!byUri) this.byServer.set(server, (byUri = new Map()));
    if (!byUri.has(uri)) await subscribeDownstream();
    let sessions = byUri.get(uri);
    if (!sessions) byUri.set(uri, (sessions = new Set()));
    sessions.add(session);
  }

  /** Resolves true when this was the URI's last subscriber, so the downstream subscription should end. */
  remove(server: string, uri: string, session: Session): boolean {
    const byUri = this.byServer.get(server);
    const sessions = byUri?.get(uri);
    if (!sessions?.delete(session) || sessions.size > 0) return false;
    byUri!.delete(uri);
    return true;
  }

  sessions(server: string, uri: string): Iterable<Session> {
    return this.byServer.get(server)?.get(uri) ?? [];
  }

  uris(server: string): Iterable<string> {
    return this.byServer.get(server)?.keys() ?? [];
  }

  /** Every (server, uri) a session holds, for cleanup when it closes. */
  heldBy(session: Session): { server: string; uri: string }[] {
    const held: { server: string; uri: string }[] = [];
    for (const [server, byUri] of this.byServer)
      for (const [uri, sessions] of byUri) if (sessions.has(session)) held.push({ server, uri });
    return held;
  }
}

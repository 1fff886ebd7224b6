import { EventEmitter } from "node:events";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { ClientCapabilities } from "@modelcontextprotocol/sdk/types.js";
import type { ListKind } from "@mcp-hub/contracts";
import { InFlightCalls } from "./ownership.js";
import { DOWNSTREAM_CAPABILITIES, installRelay } from "./relay.js";
import { SHARED_VALIDATOR, type ClientSession } from "./session.js";
import { dedicatedSinks, sharedSinks } from "./sinks.js";
import { Subscriptions } from "./subscriptions.js";

/**
 * The connected client sessions, and what the downstream side needs to reach them: who has calls in flight on a
 * server's shared connection (the sole owner of its server→client requests), who holds which resource
 * subscription, and the downstream SDK clients whose relay handlers fan out to them. Built before the fleet, which
 * makes its clients here; a server's list_changed is re-emitted as `listChanged` for the hub to refresh its catalog.
 */
export class Sessions extends EventEmitter<{ listChanged: [server: string, kind: ListKind] }> {
  private readonly all = new Set<ClientSession>();
  readonly inFlight = new InFlightCalls<ClientSession>();
  readonly subscriptions = new Subscriptions<ClientSession>();

  constructor(private readonly version: string) {
    super();
  }

  get size(): number {
    return this.all.size;
  }

  [Symbol.iterator](): Iterator<ClientSession> {
    return this.all.values();
  }

  add(session: ClientSession): void {
    this.all.add(session);
  }

  /** False when the session was not (or no longer) registered. */
  delete(session: ClientSession): boolean {
    return this.all.delete(session);
  }

  /**
   * A server's shared downstream client, relaying to every session in scope. It declares what the hub can relay
   * (servers such as server-everything register tools conditionally on it) unless told otherwise.
   */
  sharedClient(server: string, capabilities: ClientCapabilities = DOWNSTREAM_CAPABILITIES): Client {
    const client = new Client(
      { name: "mcp-hub", version: this.version },
      { capabilities, jsonSchemaValidator: SHARED_VALIDATOR },
    );
    installRelay(client, sharedSinks(this, server), capabilities);
    return client;
  }

  /** A client for one session's own downstream session of a server: it relays to that session alone. */
  dedicatedClient(
    server: string,
    session: ClientSession,
    capabilities: ClientCapabilities = DOWNSTREAM_CAPABILITIES,
  ): Client {
    const client = new Client(
      { name: session.clientName, version: this.version },
      { capabilities, jsonSchemaValidator: SHARED_VALIDATOR },
    );
    installRelay(client, dedicatedSinks(this, server, session), capabilities);
    return client;
  }
}

import { ErrorCode } from "@modelcontextprotocol/sdk/types.js";
import type { ClientProfile } from "../config/index.js";
import type { Catalog } from "./catalog.js";
import type { Fleet } from "./fleet.js";
import { toNamespaced } from "./naming.js";
import { RpcError } from "./rpcError.js";
import type { ClientSession } from "./session.js";

/**
 * What a session may see, and the first step of every routed call: which server a shown name or a URI belongs to.
 * A session sees its scope's servers (all on /mcp, one on /servers/<name>/mcp) that are in the catalog, narrowed by
 * its client's profile (servers, hidden tools).
 */
export class Visibility {
  constructor(
    private readonly deps: {
      catalog: Catalog;
      fleet: Fleet;
      profiles?: () => Record<string, ClientProfile>;
    },
  ) {}

  profileOf(session: ClientSession): ClientProfile | undefined {
    return this.deps.profiles?.()[session.clientName];
  }

  servers(session: ClientSession): string[] {
    const servers = session.scope.server ? [session.scope.server] : this.deps.catalog.servers();
    const allowed = this.profileOf(session)?.servers;
    return allowed ? servers.filter((s) => allowed.includes(s)) : servers;
  }

  hidden(session: ClientSession, server: string, tool: string): boolean {
    return this.profileOf(session)?.hiddenTools.includes(toNamespaced(server, tool)) ?? false;
  }

  /** The server and its own name for a tool or prompt as the session shows it; an RpcError when there is none. */
  resolve(session: ClientSession, shown: string, what: "tool" | "prompt"): { server: string; name: string } {
    const target = session.scope.resolve(shown);
    const servers = this.servers(session);
    // A server that never became ready has no lists yet: say why it is missing, not just "unknown tool".
    if (target && !servers.includes(target.server) && this.mayUse(session, target.server))
      this.deps.fleet.sharedClient(target.server);
    if (
      !target ||
      !servers.includes(target.server) ||
      (what === "tool" && this.hidden(session, target.server, target.name))
    ) {
      const hint = session.scope.server
        ? ""
        : ` Names are <server>__<${what}>; servers: ${servers.join(", ") || "(none ready)"}.`;
      throw new RpcError(ErrorCode.InvalidParams, `Unknown ${what}: ${shown}.${hint}`);
    }
    return target;
  }

  /** The server owning a resource URI: a listed resource first, then a matching template, then a sole server. */
  ownerOfUri(session: ClientSession, uri: string): string {
    const visible = new Set(this.servers(session));
    const owner =
      this.deps.catalog.ownerOfUri(uri, (s) => visible.has(s)) ??
      (visible.size === 1 ? [...visible][0] : undefined);
    if (!owner) throw new RpcError(ErrorCode.InvalidParams, `No server provides resource ${uri}`);
    return owner;
  }

  /** A configured server this session could see once it is ready (scope and profile allow it). */
  private mayUse(session: ClientSession, server: string): boolean {
    if (session.scope.server && session.scope.server !== server) return false;
    const allowed = this.profileOf(session)?.servers;
    return Boolean(this.deps.fleet.find(server)) && (!allowed || allowed.includes(server));
  }
}

import { EventEmitter } from "node:events";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { Prompt, Resource, ResourceTemplate, Tool } from "@modelcontextprotocol/sdk/types.js";
import { UriTemplate } from "@modelcontextprotocol/sdk/shared/uriTemplate.js";
import type { ListKind } from "@mcp-hub/contracts";
import type { Logger } from "../log/index.js";

export interface ServerLists {
  tools: Tool[];
  prompts: Prompt[];
  resources: Resource[];
  resourceTemplates: ResourceTemplate[];
}

const EMPTY: ServerLists = { tools: [], prompts: [], resources: [], resourceTemplates: [] };

/**
 * The merged view of every server's lists. tools/list and friends are answered from here, never by a fan-out
 * that waits on a slow server: lists are fetched when a server becomes ready and when it says they changed.
 */
export class Catalog extends EventEmitter<{ changed: [server: string, kinds: ListKind[]] }> {
  private readonly lists = new Map<string, ServerLists>();
  private readonly templates = new Map<string, { template: UriTemplate; server: string }[]>();
  private changes = 0;

  constructor(private readonly log: Logger) {
    super();
  }

  /** Changes whenever any server's lists are set or removed: what is derived from the catalog is stale then. */
  get version(): number {
    return this.changes;
  }

  servers(): string[] {
    return [...this.lists.keys()];
  }

  get(server: string): ServerLists {
    return this.lists.get(server) ?? EMPTY;
  }

  /** Fetches the lists a ready server advertises. */
  async refresh(
    server: string,
    client: Client,
    kinds: ListKind[] = ["tools", "prompts", "resources"],
  ): Promise<void> {
    const caps = client.getServerCapabilities() ?? {};
    const next: ServerLists = { ...this.get(server) };
    const fetched: ListKind[] = [];
    try {
      if (kinds.includes("tools")) {
        next.tools = caps.tools
          ? await collect(
              (cursor) => client.listTools({ cursor }),
              (r) => r.tools,
            )
          : [];
        fetched.push("tools");
      }
      if (kinds.includes("prompts")) {
        next.prompts = caps.prompts
          ? await collect(
              (cursor) => client.listPrompts({ cursor }),
              (r) => r.prompts,
            )
          : [];
        fetched.push("prompts");
      }
      if (kinds.includes("resources")) {
        next.resources = caps.resources
          ? await collect(
              (cursor) => client.listResources({ cursor }),
              (r) => r.resources,
            )
          : [];
        next.resourceTemplates = caps.resources
          ? await collect(
              (cursor) => client.listResourceTemplates({ cursor }),
              (r) => r.resourceTemplates,
            )
          : [];
        fetched.push("resources");
      }
    } catch (error) {
      this.log.warn({ server, err: error }, "could not fetch the server's lists");
    }
    this.set(server, next, fetched);
  }

  set(server: string, lists: ServerLists, kinds: ListKind[]): void {
    this.changes++;
    this.lists.set(server, lists);
    this.templates.set(
      server,
      lists.resourceTemplates.map((t) => ({ template: new UriTemplate(t.uriTemplate), server })),
    );
    if (kinds.length) this.emit("changed", server, kinds);
  }

  remove(server: string): void {
    if (!this.lists.delete(server)) return;
    this.changes++;
    this.templates.delete(server);
    this.emit("changed", server, ["tools", "prompts", "resources"]);
  }

  /** The server owning a resource URI: exact listed resource first, then the first matching template. */
  ownerOfUri(uri: string, among: (server: string) => boolean): string | undefined {
    for (const [server, lists] of this.lists)
      if (among(server) && lists.resources.some((r) => r.uri === uri)) return server;
    for (const [server, entries] of this.templates)
      if (among(server) && entries.some((e) => e.template.match(uri) !== null)) return server;
    return undefined;
  }
}

async function collect<R extends { nextCursor?: string }, T>(
  page: (cursor: string | undefined) => Promise<R>,
  items: (r: R) => T[],
): Promise<T[]> {
  const all: T[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 100; pages++) {
    const result = await page(cursor);
    all.push(...items(result));
    cursor = result.nextCursor;
    if (!cursor) break;
  }
  return all;
}

import type { GarbageCollection } from "@mcp-hub/contracts";
import { tokenMatches } from "../config/index.js";
import { HubError } from "../errors/index.js";
import type { Logger } from "../log/index.js";
import type { ContainerRuntime } from "../runtime/index.js";
import { RegistryClient, RegistryNotFound, RegistryUnavailable } from "./client.js";
import { RegistryContainer, type NotificationTarget, type RegistryState } from "./container.js";
import { Inventory, type RepositoryView, type TagView } from "./inventory.js";
import { changedRepositories } from "./notifications.js";
import { localReference, refersToLocal, type TagReference } from "./reference.js";

export const REGISTRY_DEFAULTS = { name: "mcp-hub-registry", port: 5000 } as const;
/** Without notifications (a registry the hub does not configure), how long a listing is trusted. */
const UNNOTIFIED_MAX_AGE_MS = 10_000;

export type RegistryStatus = RegistryState;

export interface RegistryOptions {
  runtime: ContainerRuntime;
  log: Logger;
  /** HUB_REGISTRY_IMAGE; absent = the hub keeps no registry. */
  image?: string;
  name?: string;
  /** The port wanted now (Settings registryPort, else HUB_REGISTRY_PORT, else 5000). */
  wantedPort: () => number;
  /**
   * How the hub reaches the registry: "network" (the hub runs in a container on the registry's network, so by
   * container name) or "host" (the hub runs on the host: the published port on 127.0.0.1).
   */
  reach: "network" | "host";
  /** Where the registry can post its notifications; without it, listings expire instead. */
  notifications?: NotificationTarget;
  /** The hub's image servers: which of them use a tag of the local registry (any port), and whether they run. */
  imageServers: () => readonly { name: string; enabled: boolean; image: string }[];
  labels?: Record<string, string>;
}

/** A tag with the hub's servers whose image it is. */
export type UsedTag = TagView & { usedBy: string[] };
export type UsedRepository = RepositoryView & { tags: UsedTag[] };

function withUsers(tag: TagView, byTag: Map<string, string[]>): UsedTag {
  return { ...tag, usedBy: byTag.get(`${tag.repository}:${tag.tag}`) ?? [] };
}

/** What a delete removed: on registry 2.x, every tag of the digest. */
export interface DeletedTag {
  digest: string;
  tags: string[];
}

/**
 * The local registry as a part of the hub: its container, what it holds (cached, kept fresh by its notifications),
 * deletes and garbage collection.
 */
export class Registry {
  private readonly container: RegistryContainer | undefined;
  private clientFor: { port: number; client: RegistryClient; inventory: Inventory } | undefined;
  private used: { list: RepositoryView[]; key: string; repositories: UsedRepository[] } | undefined;
  readonly name: string;

  constructor(private readonly options: RegistryOptions) {
    this.name = options.name ?? REGISTRY_DEFAULTS.name;
    this.container = options.image
      ? new RegistryContainer({
          ...options,
          image: options.image,
          name: this.name,
          answers: (port) =>
            this.client(port)
              .ping()
              .then(() => true),
        })
      : undefined;
  }

  status(): RegistryStatus {
    return this.container?.state() ?? { state: "disabled" };
  }

  /**
   * Creates or starts the registry container on the wanted port; never throws. Once it runs, its listing is read in
   * the background, so the first page that shows it does not wait for a request per tag.
   */
  async ensure(): Promise<RegistryStatus> {
    if (!this.container) return this.status();
    const status = await this.container.ensure();
    if (status.state === "running") void this.repositories().catch(() => undefined);
    return status;
  }

  /** The tag the hub gives an image it puts in the registry: it names the port really in use. */
  imageName(repository: string, tag: string): string {
    return `127.0.0.1:${this.port()}/${repository}:${tag}`;
  }

  /**
   * What the registry holds, each tag with the hub's servers that use it: the same array while neither the registry
   * nor those servers changed, so callers may keep what they derive from it (the REST answer's text, say).
   */
  async repositories(): Promise<UsedRepository[]> {
    const list = await this.reading(() => this.inventory().list());
    const usage = this.usage();
    if (this.used?.list === list && this.used.key === usage.key) return this.used.repositories;
    const repositories = list.map((r) => ({ ...r, tags: r.tags.map((t) => withUsers(t, usage.byTag)) }));
    this.used = { list, key: usage.key, repositories };
    return repositories;
  }

  async tags(repository: string): Promise<UsedTag[]> {
    const { byTag } = this.usage();
    return (await this.reading(() => this.inventory().tags(repository))).map((t) => withUsers(t, byTag));
  }

  async tag(ref: TagReference): Promise<UsedTag> {
    const found = (await this.tags(ref.repository)).find((t) => t.tag === ref.tag);
    if (!found) throw new RegistryNotFound(`no tag "${ref.tag}" in repository "${ref.repository}"`);
    return found;
  }

  /** This hub pushed to the repository: its tags are read again when next asked (no need to wait for a notification). */
  pushed(repository: string): void {
    this.inventory().invalidate(repository);
  }

  /** The tags a delete of this one would remove too: every tag of its repository on the same digest. */
  async sameDigest(ref: TagReference): Promise<DeletedTag> {
    const { digest } = await this.tag(ref);
    const tags = (await this.tags(ref.repository)).filter((t) => t.digest === digest).map((t) => t.tag);
    return { digest, tags };
  }

  /**
   * Deletes the tag's manifest by digest (registry 2.x: with every tag on it); answers what went. Refused while an
   * enabled server uses any of those tags, unless forced.
   */
  async deleteTag(ref: TagReference, options: { force?: boolean } = {}): Promise<DeletedTag> {
    const doomed = await this.sameDigest(ref);
    const users = this.options
      .imageServers()
      .filter(
        (s) =>
          s.enabled && doomed.tags.some((tag) => refersToLocal(s.image, { repository: ref.repository, tag })),
      );
    if (users.length && !options.force)
      throw new ImageInUse(
        ref,
        users.map((s) => s.name),
      );
    await this.clientNow().client.deleteManifest(ref.repository, doomed.digest);
    this.inventory().invalidate(ref.repository);
    this.options.log.info({ repository: ref.repository, ...doomed }, "deleted from the local registry");
    return doomed;
  }

  async collectGarbage(onStep: (step: string) => void = () => undefined): Promise<GarbageCollection> {
    if (!this.container) throw new RegistryDisabled();
    // registry 2.x's --delete-untagged also removes the per-platform images of a multi-platform index.
    const multiPlatform = (await this.repositories()).some((r) => r.tags.some((t) => t.platforms));
    const result = await this.container.collectGarbage({ deleteUntagged: !multiPlatform }, onStep);
    this.inventory().invalidate();
    return result;
  }

  /**
   * A notification from the registry: checked like any credential, then the repositories it names are read
   * again on the next listing. "unauthorized" and "invalid" change nothing.
   */
  notified(authorization: string | undefined, body: unknown): "accepted" | "unauthorized" | "invalid" {
    const expected = this.options.notifications?.token;
    if (!expected || !tokenMatches(`Bearer ${expected}`, authorization)) return "unauthorized";
    const changed = changedRepositories(body);
    if (!changed) return "invalid";
    for (const repository of changed) this.inventory().invalidate(repository);
    return "accepted";
  }

  /** Which servers use which local tag ("repo:tag" → names), and a key that changes when that does. */
  private usage(): { byTag: Map<string, string[]>; key: string } {
    const byTag = new Map<string, string[]>();
    for (const server of this.options.imageServers()) {
      const ref = localReference(server.image);
      if (!ref) continue;
      const key = `${ref.repository}:${ref.tag}`;
      byTag.set(key, [...(byTag.get(key) ?? []), server.name]);
    }
    return { byTag, key: JSON.stringify([...byTag]) };
  }

  /** A registry that stopped answering (stopped by hand, say) is started again for the next request. */
  private async reading<T>(read: () => Promise<T>): Promise<T> {
    try {
      return await read();
    } catch (error) {
      if (error instanceof RegistryUnavailable && this.container && this.status().state === "running")
        void this.container.restartIfStopped();
      throw error;
    }
  }

  private port(): number {
    const status = this.status();
    return "port" in status ? status.port : this.options.wantedPort();
  }

  /** How the hub reaches the registry on this port: by name on their network, else the published port. */
  private client(port: number): RegistryClient {
    return new RegistryClient(
      this.options.reach === "network" ? `http://${this.name}:5000` : `http://127.0.0.1:${port}`,
    );
  }

  /** The client and cache for the port in use now (a port change starts both afresh). */
  private clientNow() {
    const port = this.port();
    if (this.clientFor?.port !== port) {
      const client = this.client(port);
      const trusted = Boolean(this.options.notifications && this.container);
      const inventory = new Inventory(client, {
        maxAgeMs: () => (trusted ? Number.POSITIVE_INFINITY : UNNOTIFIED_MAX_AGE_MS),
      });
      this.clientFor = { port, client, inventory };
    }
    return this.clientFor;
  }

  private inventory(): Inventory {
    return this.clientNow().inventory;
  }
}

export class ImageInUse extends HubError {
  readonly code = "image_in_use";
  readonly httpStatus = 409;
  constructor(ref: TagReference, servers: string[]) {
    super(
      `${ref.repository}:${ref.tag} is the image of running server(s) ${servers.join(", ")}: disable or remove them first, or delete with force`,
    );
  }
}

export class RegistryDisabled extends HubError {
  readonly code = "registry_disabled";
  readonly httpStatus = 503;
  constructor() {
    super("the hub keeps no local registry here (HUB_REGISTRY_IMAGE is not set)");
  }
}

import pLimit from "p-limit";
import type { ImageConfig, RegistryClient } from "./client.js";

/** Requests in flight while filling the cache: the local registry answers in a few ms each. */
const CONCURRENCY = 8;
/** Digests whose details are kept; past this the cache starts over rather than grow. */
const MAX_DIGESTS = 20_000;

export interface PlatformView {
  os: string;
  architecture: string;
  variant?: string;
  digest: string;
  size: number;
}

/** What the registry holds under one tag: the manifest's digest and what its image says of itself. */
export interface TagView {
  repository: string;
  tag: string;
  digest: string;
  mediaType: string;
  /** Bytes of config and layers; for a multi-platform index, of every platform's image. */
  size: number;
  /** From the image config (the newest platform's, for an index). */
  created?: string;
  labels: Record<string, string>;
  /** For a multi-platform index: each platform's image (attestations left out). */
  platforms?: PlatformView[];
}

export interface RepositoryView {
  name: string;
  tags: TagView[];
}

type Details = Omit<TagView, "repository" | "tag">;

/**
 * The registry's contents, cached: repositories, their tags, and each digest's details (immutable, so kept). The
 * registry's own notifications say when a repository changed (invalidate()); where they cannot arrive, entries
 * expire after `maxAgeMs`. A listing of a warm cache makes no request at all.
 */
export class Inventory {
  private catalog: { at: number; names: Promise<string[]> } | undefined;
  /** The last listing, while nothing it was built from changed: a warm listing is one comparison. */
  private listed: { parts: unknown[]; list: RepositoryView[] } | undefined;
  private readonly repositories = new Map<string, { at: number; tags: Promise<TagView[]> }>();
  private readonly details = new Map<string, Promise<Details>>();
  private readonly limit = pLimit(CONCURRENCY);

  constructor(
    private readonly client: RegistryClient,
    private readonly options: { maxAgeMs: () => number },
  ) {}

  /** Every repository that has tags, with its tags' details, sorted by name; the same array while nothing changed. */
  async list(): Promise<RepositoryView[]> {
    const names = this.names();
    const tags = (await names).map((name) => this.tags(name));
    const parts = [names, ...tags];
    if (this.listed && sameParts(this.listed.parts, parts)) return this.listed.list;
    const resolved = await Promise.all(tags);
    const list = (await names)
      .map((name, i) => ({ name, tags: resolved[i]! }))
      .filter((r) => r.tags.length > 0)
      .sort((a, b) => a.name.localeCompare(b.name));
    this.listed = { parts, list };
    return list;
  }

  async names(): Promise<string[]> {
    if (!this.catalog || this.stale(this.catalog.at)) {
      const names = this.client.repositories();
      this.catalog = { at: Date.now(), names };
      names.catch(() => (this.catalog = undefined));
    }
    return this.catalog.names;
  }

  /** A repository's tags with their details, sorted by tag; RegistryNotFound when there is no such repository. */
  async tags(repository: string): Promise<TagView[]> {
    const cached = this.repositories.get(repository);
    if (cached && !this.stale(cached.at)) return cached.tags;
    const tags = this.fetchTags(repository);
    this.repositories.set(repository, { at: Date.now(), tags });
    tags.catch(() => this.repositories.delete(repository));
    return tags;
  }

  /** A repository changed (a push, a delete): its tags and the list of repositories are read again when asked. */
  invalidate(repository?: string): void {
    this.catalog = undefined;
    if (repository) this.repositories.delete(repository);
    else this.repositories.clear();
  }

  private stale(at: number): boolean {
    return Date.now() - at > this.options.maxAgeMs();
  }

  private async fetchTags(repository: string): Promise<TagView[]> {
    const tags = await this.client.tags(repository);
    const views = await Promise.all(
      // Each request takes a slot of its own: a task holding one while it waits for another could deadlock.
      tags.map(async (tag) => {
        const manifest = await this.limit(() => this.client.manifest(repository, tag));
        return { repository, tag, ...(await this.detailsOf(repository, manifest)) };
      }),
    );
    return views.sort((a, b) => a.tag.localeCompare(b.tag));
  }

  private detailsOf(
    repository: string,
    fetched: Awaited<ReturnType<RegistryClient["manifest"]>>,
  ): Promise<Details> {
    let details = this.details.get(fetched.digest);
    if (!details) {
      if (this.details.size >= MAX_DIGESTS) this.details.clear();
      details = this.readDetails(repository, fetched);
      this.details.set(fetched.digest, details);
      details.catch(() => this.details.delete(fetched.digest));
    }
    return details;
  }

  private async readDetails(
    repository: string,
    fetched: Awaited<ReturnType<RegistryClient["manifest"]>>,
  ): Promise<Details> {
    const { digest, mediaType } = fetched;
    if (fetched.kind === "image") {
      const { manifest } = fetched;
      const config = await this.limit(() => this.client.imageConfig(repository, manifest.config.digest));
      return { digest, mediaType, size: imageSize(manifest), ...fromConfig(config) };
    }
    // An index: one image per platform; "unknown/unknown" entries are build attestations, not images.
    const images = fetched.manifest.manifests.filter((m) => m.platform && m.platform.os !== "unknown");
    const platforms = await Promise.all(
      images.map((entry) =>
        this.limit(async () => {
          const child = await this.client.manifest(repository, entry.digest);
          if (child.kind !== "image") return undefined;
          const config = await this.client.imageConfig(repository, child.manifest.config.digest);
          return { entry, size: imageSize(child.manifest), config };
        }),
      ),
    );
    const found = platforms.filter((p) => p !== undefined);
    const newest = found
      .map((p) => p.config)
      .sort((a, b) => (b.created ?? "").localeCompare(a.created ?? ""))[0];
    return {
      digest,
      mediaType,
      size: found.reduce((sum, p) => sum + p.size, 0),
      ...(newest ? fromConfig(newest) : { labels: {} }),
      platforms: found.map(({ entry, size }) => ({
        os: entry.platform!.os,
        architecture: entry.platform!.architecture,
        ...(entry.platform!.variant ? { variant: entry.platform!.variant } : {}),
        digest: entry.digest,
        size,
      })),
    };
  }
}

/** The cache entries a listing came from are the very same ones (nothing was invalidated or expired since). */
function sameParts(a: unknown[], b: unknown[]): boolean {
  return a.length === b.length && a.every((part, i) => part === b[i]);
}

function imageSize(manifest: { config: { size: number }; layers: { size: number }[] }): number {
  return manifest.config.size + manifest.layers.reduce((sum, layer) => sum + layer.size, 0);
}

function fromConfig(config: ImageConfig): { created?: string; labels: Record<string, string> } {
  return {
    ...(config.created ? { created: config.created } : {}),
    labels: { ...(config.config?.Labels ?? {}) },
  };
}

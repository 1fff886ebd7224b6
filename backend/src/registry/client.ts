import LinkHeader from "http-link-header";
import { z } from "zod";
import { errorMessage, HubError } from "../errors/index.js";

/** Every manifest type a push can leave: without all four, registry 2.8 answers 404 to an OCI index. */
export const MANIFEST_TYPES = [
  "application/vnd.oci.image.index.v1+json",
  "application/vnd.oci.image.manifest.v1+json",
  "application/vnd.docker.distribution.manifest.list.v2+json",
  "application/vnd.docker.distribution.manifest.v2+json",
] as const;
const ACCEPT_MANIFESTS = MANIFEST_TYPES.join(", ");
const PAGE_SIZE = 100; // repositories per _catalog page
const REQUEST_TIMEOUT_MS = 10_000;

const descriptor = z.object({ mediaType: z.string().optional(), digest: z.string(), size: z.number() });
const imageManifestSchema = z.looseObject({
  mediaType: z.string().optional(),
  config: descriptor,
  layers: z.array(descriptor),
});
const indexManifestSchema = z.looseObject({
  mediaType: z.string().optional(),
  manifests: z.array(
    descriptor.extend({
      platform: z
        .object({ os: z.string(), architecture: z.string(), variant: z.string().optional() })
        .optional(),
    }),
  ),
});
export type ImageManifest = z.infer<typeof imageManifestSchema>;
export type IndexManifest = z.infer<typeof indexManifestSchema>;
const imageConfigSchema = z.looseObject({
  created: z.string().optional(),
  os: z.string().optional(),
  architecture: z.string().optional(),
  config: z.looseObject({ Labels: z.record(z.string(), z.string()).nullish() }).nullish(),
});
export type ImageConfig = z.infer<typeof imageConfigSchema>;

export class RegistryUnavailable extends HubError {
  readonly code = "registry_unavailable";
  readonly httpStatus = 503;
  constructor(url: string, reason: string) {
    super(
      `the local registry at ${url} is not answering (${reason}): it is down or restarting, and the hub starts it again — try again in a moment, or see mcp-hub registry status`,
    );
  }
}

export class RegistryNotFound extends HubError {
  readonly code = "registry_not_found";
  readonly httpStatus = 404;
}

export class RegistryRefused extends HubError {
  readonly code = "registry_refused";
  readonly httpStatus = 502;
}

/** A manifest as fetched: its digest (Docker-Content-Digest) and its parsed body, image or index. */
export type FetchedManifest =
  | { kind: "image"; digest: string; mediaType: string; manifest: ImageManifest }
  | { kind: "index"; digest: string; mediaType: string; manifest: IndexManifest };

/** The Registry HTTP API v2, typed: each method one request (the catalog one per page). */
export class RegistryClient {
  constructor(
    readonly baseUrl: string,
    private readonly pageSize = PAGE_SIZE,
  ) {}

  /** Resolves when /v2/ answers. */
  async ping(): Promise<void> {
    await this.request("GET", "/v2/");
  }

  /** Every repository, following the catalog's Link header page by page. */
  async repositories(): Promise<string[]> {
    const all: string[] = [];
    let path: string | undefined = `/v2/_catalog?n=${this.pageSize}`;
    while (path) {
      const response = await this.request("GET", path);
      const body = z.object({ repositories: z.array(z.string()).nullish() }).parse(await response.json());
      all.push(...(body.repositories ?? []));
      const next: string | undefined = LinkHeader.parse(response.headers.get("link") ?? "").rel("next")[0]
        ?.uri;
      path = next ? new URL(next, this.baseUrl).pathname + new URL(next, this.baseUrl).search : undefined;
    }
    return all;
  }

  /** The repository's tags; a repository whose tags were all deleted has none. */
  async tags(repository: string): Promise<string[]> {
    const response = await this.request("GET", `/v2/${repository}/tags/list`);
    const body = z.object({ tags: z.array(z.string()).nullish() }).parse(await response.json());
    return body.tags ?? [];
  }

  /** The digest a tag points at, or undefined when there is no such tag. */
  async digestOf(repository: string, tag: string): Promise<string | undefined> {
    try {
      const response = await this.request("HEAD", `/v2/${repository}/manifests/${tag}`, ACCEPT_MANIFESTS);
      return response.headers.get("docker-content-digest") ?? undefined;
    } catch (error) {
      if (error instanceof RegistryNotFound) return undefined;
      throw error;
    }
  }

  async manifest(repository: string, reference: string): Promise<FetchedManifest> {
    const response = await this.request("GET", `/v2/${repository}/manifests/${reference}`, ACCEPT_MANIFESTS);
    const mediaType = (response.headers.get("content-type") ?? "").split(";")[0]!.trim();
    const digest = response.headers.get("docker-content-digest") ?? reference;
    const body: unknown = await response.json();
    const index = indexManifestSchema.safeParse(body);
    if (index.success) return { kind: "index", digest, mediaType, manifest: index.data };
    return { kind: "image", digest, mediaType, manifest: imageManifestSchema.parse(body) };
  }

  /** An image's config blob: created time, platform, labels. */
  async imageConfig(repository: string, digest: string): Promise<ImageConfig> {
    const response = await this.request("GET", `/v2/${repository}/blobs/${digest}`);
    return imageConfigSchema.parse(await response.json());
  }

  /** Deletes a manifest by digest: on registry 2.x every tag pointing at it goes with it. */
  async deleteManifest(repository: string, digest: string): Promise<void> {
    await this.request("DELETE", `/v2/${repository}/manifests/${digest}`);
  }

  private async request(method: string, path: string, accept?: string): Promise<Response> {
    let response: Response;
    try {
      response = await fetch(new URL(path, this.baseUrl), {
        method,
        headers: accept ? { accept } : {},
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      throw new RegistryUnavailable(this.baseUrl, cause ?? errorMessage(error));
    }
    if (response.ok) return response;
    const detail = await registryError(response);
    if (response.status === 404) throw new RegistryNotFound(`${method} ${path}: ${detail}`);
    if (response.status === 405 && method === "DELETE")
      throw new RegistryRefused(
        "the registry does not allow deletes (it needs REGISTRY_STORAGE_DELETE_ENABLED=true; the hub's own registry has it)",
      );
    throw new RegistryRefused(`the registry answered ${response.status} to ${method} ${path}: ${detail}`);
  }
}

/** The registry's error body ({ errors: [{ code, message }] }) as one line; the status text otherwise. */
async function registryError(response: Response): Promise<string> {
  const text = await response.text().catch(() => "");
  const parsed = z
    .object({ errors: z.array(z.object({ code: z.string(), message: z.string().optional() })) })
    .safeParse(safeJson(text));
  if (parsed.success && parsed.data.errors.length)
    return parsed.data.errors.map((e) => `${e.code}${e.message ? ` (${e.message})` : ""}`).join("; ");
  return `${response.status} ${response.statusText}`;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

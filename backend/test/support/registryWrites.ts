/**
 * Writing to a registry through its HTTP API, without the Docker engine: blobs, image manifests and multi-platform
 * indexes. Much faster than builds and pushes, for tests and the bench that need many tags or an index (which the
 * classic builder cannot make). No vitest here: the bench uses it too.
 */
import { createHash } from "node:crypto";

const sha256 = (data: Buffer) => `sha256:${createHash("sha256").update(data).digest("hex")}`;
const IMAGE_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
const OCI_INDEX = "application/vnd.oci.image.index.v1+json";

async function ok(response: Response, what: string): Promise<Response> {
  if (!response.ok) throw new Error(`${what}: ${response.status} ${await response.text()}`);
  return response;
}

/** Uploads a blob in one request (POST for a location, PUT with the digest), or mounts it from another repository. */
export async function putBlob(
  base: string,
  repository: string,
  data: Buffer,
  from?: string,
): Promise<string> {
  const digest = sha256(data);
  const start = await fetch(
    `${base}/v2/${repository}/blobs/uploads/${from ? `?mount=${digest}&from=${from}` : ""}`,
    { method: "POST" },
  );
  if (start.status === 201) return digest; // mounted
  const location = new URL((await ok(start, "blob upload")).headers.get("location")!, base);
  location.searchParams.set("digest", digest);
  await ok(
    await fetch(location, {
      method: "PUT",
      body: new Uint8Array(data),
      headers: { "content-type": "application/octet-stream" },
    }),
    "blob put",
  );
  return digest;
}

async function putManifest(base: string, repository: string, reference: string, body: string, type: string) {
  const response = await ok(
    await fetch(`${base}/v2/${repository}/manifests/${reference}`, {
      method: "PUT",
      body,
      headers: { "content-type": type },
    }),
    "manifest put",
  );
  return { digest: response.headers.get("docker-content-digest")!, size: Buffer.byteLength(body) };
}

/**
 * An image of one layer under `tag` (or untagged, as a multi-platform index's images are): its config says when it
 * was made, for which platform, and its labels. Answers the manifest's digest and size, and the image's bytes.
 */
export async function putImage(
  base: string,
  repository: string,
  tag: string | undefined,
  image: {
    layer: Buffer;
    created?: string;
    labels?: Record<string, string>;
    os?: string;
    architecture?: string;
  },
): Promise<{ digest: string; size: number; bytes: number }> {
  const layerDigest = await putBlob(base, repository, image.layer);
  const config = Buffer.from(
    JSON.stringify({
      architecture: image.architecture ?? "amd64",
      os: image.os ?? "linux",
      created: image.created ?? new Date().toISOString(),
      config: { Labels: image.labels ?? {} },
      rootfs: { type: "layers", diff_ids: [layerDigest] },
    }),
  );
  const configDigest = await putBlob(base, repository, config);
  const manifest = JSON.stringify({
    schemaVersion: 2,
    mediaType: IMAGE_MANIFEST,
    config: {
      mediaType: "application/vnd.docker.container.image.v1+json",
      size: config.length,
      digest: configDigest,
    },
    layers: [
      {
        mediaType: "application/vnd.docker.image.rootfs.diff.tar.gzip",
        size: image.layer.length,
        digest: layerDigest,
      },
    ],
  });
  const put = await putManifest(
    base,
    repository,
    tag ?? sha256(Buffer.from(manifest)),
    manifest,
    IMAGE_MANIFEST,
  );
  return { ...put, bytes: config.length + image.layer.length };
}

/** An OCI index under `tag` over images already in the repository, plus a build attestation entry (as buildx adds). */
export async function putIndex(
  base: string,
  repository: string,
  tag: string,
  images: { digest: string; size: number; os: string; architecture: string }[],
): Promise<{ digest: string }> {
  const attestation = await putImage(base, repository, `sha256-attest-${tag}`, {
    layer: Buffer.from("{}"),
    os: "unknown",
    architecture: "unknown",
  });
  const index = JSON.stringify({
    schemaVersion: 2,
    mediaType: OCI_INDEX,
    manifests: [
      ...images.map((m) => ({
        mediaType: IMAGE_MANIFEST,
        digest: m.digest,
        size: m.size,
        platform: { os: m.os, architecture: m.architecture },
      })),
      {
        mediaType: IMAGE_MANIFEST,
        digest: attestation.digest,
        size: attestation.size,
        platform: { os: "unknown", architecture: "unknown" },
      },
    ],
  });
  return putManifest(base, repository, tag, index, OCI_INDEX);
}

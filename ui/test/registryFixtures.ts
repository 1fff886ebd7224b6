import type { RegistryResponse, RegistryStatus, RegistryTag } from "../src/api";

/** What the hub answers about its registry, for the Registry page's tests. */
export const running: RegistryStatus = { state: "running", port: 5000, wantedPort: 5000 };

const DAY_MS = 86_400_000;
const digest = (hex: string) => `sha256:${hex.repeat(64 / hex.length)}`;

export const notes: RegistryTag = {
  repository: "mcp/notes",
  tag: "1.0",
  digest: digest("a1"),
  mediaType: "application/vnd.oci.image.manifest.v1+json",
  size: 2_160_000,
  created: new Date(Date.now() - 2 * DAY_MS).toISOString(),
  labels: {
    "mcp.server": "notes",
    "mcp.governance.level": "high",
    "org.opencontainers.image.title": "Notes keeper",
  },
  usedBy: ["notes"],
};

/** Two tags on one digest: a delete of either removes both. */
export const scratch: RegistryTag = {
  repository: "tools/scratch",
  tag: "2.0",
  digest: digest("b2"),
  mediaType: "application/vnd.docker.distribution.manifest.v2+json",
  size: 3_000_000,
  labels: {},
  usedBy: [],
};
export const scratchStable: RegistryTag = { ...scratch, tag: "stable" };

export const time: RegistryTag = {
  repository: "mcp/time",
  tag: "latest",
  digest: digest("c3"),
  mediaType: "application/vnd.oci.image.index.v1+json",
  size: 9_400_000,
  created: new Date(Date.now() - 40 * DAY_MS).toISOString(),
  labels: { "mcp.governance.level": "low" },
  platforms: [
    { os: "linux", architecture: "amd64", digest: digest("d4"), size: 4_700_000 },
    { os: "linux", architecture: "arm64", variant: "v8", digest: digest("e5"), size: 4_700_000 },
  ],
  usedBy: [],
};

export function listing(tags: RegistryTag[], registry: RegistryStatus = running): RegistryResponse {
  const names = [...new Set(tags.map((t) => t.repository))];
  return {
    registry,
    repositories: names.map((name) => ({ name, tags: tags.filter((t) => t.repository === name) })),
  };
}

/** GET /api/registry/tag for one of these tags: every tag of its repository on the same digest. */
export function tagDetail(all: RegistryTag[], url: URL) {
  const found = all.find(
    (t) => t.repository === url.searchParams.get("repository") && t.tag === url.searchParams.get("tag"),
  );
  if (!found) throw new Error(`no fixture tag for ${url.search}`);
  const sameDigest = all
    .filter((t) => t.repository === found.repository && t.digest === found.digest)
    .map((t) => t.tag);
  return { ...found, sameDigest };
}

/** An event stream the test writes to step by step (the hub's garbage collection as it happens). */
export function controlledEventStream() {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const body = new ReadableStream<Uint8Array>({ start: (c) => (controller = c) });
  return {
    response: new Response(body, { status: 200, headers: { "content-type": "text/event-stream" } }),
    send: (event: string, data: unknown) =>
      controller.enqueue(new TextEncoder().encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`)),
    end: () => controller.close(),
  };
}

import type Dockerode from "dockerode";
import { z } from "zod";
import { contextTar, MAX_CONTEXT_BYTES } from "./buildContext.js";
import { followEngine, pull, withTag } from "./engineStreams.js";
import { CREATED, isCreatedByHub } from "./labels.js";
import { redactInspect } from "./redact.js";
import { arg, defineTool, Refusal, type DockerTool, type ToolCall } from "./toolKit.js";
import { humanBytes } from "./units.js";

const imageName = z.string().min(1).describe('The image: a reference ("nginx:1.27") or an id');

const summaryOf = (image: Dockerode.ImageInfo) => ({
  id: image.Id.replace(/^sha256:/, "").slice(0, 12),
  tags: image.RepoTags?.filter((t) => t !== "<none>:<none>") ?? [],
  size: image.Size,
  created: new Date(image.Created * 1000).toISOString(),
  ...(isCreatedByHub(image.Labels) ? { createdByHub: true } : {}),
});

export const imageTools: DockerTool[] = [
  defineTool({
    name: "list_images",
    kind: "read",
    description: "List the images on this engine with their tags, size and age.",
    input: {
      reference: z
        .string()
        .optional()
        .describe('Only images matching this reference pattern, e.g. "nginx" or "myapp:*"'),
      dangling: z.boolean().optional().describe("Only untagged (dangling) images"),
      label: z
        .array(z.string())
        .optional()
        .describe('Only images with these labels, each "key" or "key=value"'),
      created_by_hub: z.boolean().optional().describe("Only images built through these tools"),
    },
    async run(args, call) {
      const filters: Record<string, string[]> = {};
      if (args.reference) filters.reference = [args.reference];
      if (args.dangling !== undefined) filters.dangling = [String(args.dangling)];
      const labels = [...(args.label ?? []), ...(args.created_by_hub ? [CREATED.by] : [])];
      if (labels.length) filters.label = labels;
      const images = (await call.docker.listImages({ filters, abortSignal: call.signal })).map(summaryOf);
      const total = images.reduce((sum, i) => sum + i.size, 0);
      return {
        summary: `${images.length} images, ${humanBytes(total)}`,
        data: { images },
        narrow: "filter with reference, dangling or label",
      };
    },
  }),
  defineTool({
    name: "inspect_image",
    kind: "read",
    description:
      "Everything Docker knows about one image: config (entrypoint, cmd, env redacted, user, ports), layers, size.",
    input: { name: imageName },
    async run(args, call) {
      const info = await call.docker.getImage(args.name).inspect();
      return {
        summary: `${args.name}: ${info.Id.slice(7, 19)}, ${humanBytes(info.Size)}, ${info.Os}/${info.Architecture}`,
        data: { image: redactInspect(info) },
      };
    },
  }),
  defineTool({
    name: "pull_image",
    kind: "write",
    idempotent: true,
    openWorld: true,
    description: 'Pull an image from its registry, with progress. Without a tag, ":latest" is pulled.',
    input: {
      name: z
        .string()
        .min(1)
        .describe('The image reference, e.g. "redis:7-alpine" or "127.0.0.1:5000/team/app:1.2"'),
      platform: z.string().optional().describe('A platform other than the engine\'s, e.g. "linux/arm64"'),
    },
    async run(args, call) {
      await pull(call, args.name, args.platform);
      const info = await call.docker.getImage(withTag(args.name)).inspect();
      return {
        summary: `pulled ${withTag(args.name)} (${info.Id.slice(7, 19)}, ${humanBytes(info.Size)})`,
        data: { name: withTag(args.name), id: info.Id, size: info.Size, digests: info.RepoDigests },
      };
    },
  }),
  defineTool({
    name: "build_image",
    kind: "write",
    openWorld: true,
    description:
      "Build an image, with progress, from an inline Dockerfile plus inline files, or from a build context at a URL (a git repository or a tar archive); the hub cannot read the user's folders.",
    input: {
      name: z.string().min(1).describe('The tag to give the image, e.g. "myapp:dev"'),
      dockerfile: z
        .string()
        .optional()
        .describe("The Dockerfile's text (with files, the context is built here)"),
      files: z
        .array(arg.file("in the build context, relative (e.g. app/main.py)"))
        .max(500)
        .optional()
        .describe(`Files of the build context (at most ${humanBytes(MAX_CONTEXT_BYTES)} in all)`),
      context_url: z
        .string()
        .url()
        .optional()
        .describe("Instead of dockerfile/files: a git URL or a URL of a tar archive"),
      dockerfile_path: z
        .string()
        .optional()
        .describe("With context_url: the Dockerfile's path in that context"),
      build_args: z.record(z.string(), z.string()).optional().describe("Build arguments (ARG values)"),
      target: z.string().optional().describe("Build up to this stage of a multi-stage Dockerfile"),
      labels: arg.labels,
      no_cache: z.boolean().optional().describe("Ignore the build cache"),
      pull: z.boolean().optional().describe("Pull newer base images first"),
    },
    async run(args, call) {
      const built = await buildImage(call, args);
      return {
        summary: `built ${args.name} (${built.id.slice(7, 19)})`,
        data: { name: args.name, id: built.id, log: built.log },
        narrow: "the log keeps its last lines",
      };
    },
  }),
  defineTool({
    name: "tag_image",
    kind: "write",
    idempotent: true,
    description: "Give an image another name (repository and tag), e.g. before push_image.",
    input: {
      name: imageName,
      target: z
        .string()
        .min(1)
        .describe('The new reference, "repository:tag", e.g. "127.0.0.1:5000/myapp:1.0"'),
    },
    async run(args, call) {
      const target = withTag(args.target);
      const at = target.lastIndexOf(":");
      await call.docker
        .getImage(args.name)
        .tag({ repo: target.slice(0, at), tag: target.slice(at + 1), abortSignal: call.signal });
      return { summary: `tagged ${args.name} as ${target}`, data: { name: args.name, target } };
    },
  }),
  defineTool({
    name: "push_image",
    kind: "write",
    idempotent: true,
    openWorld: true,
    description:
      "Push an image to the registry its name points at, with progress (the engine's own registry logins apply).",
    input: {
      name: z.string().min(1).describe('The image reference to push, e.g. "127.0.0.1:5000/myapp:1.0"'),
    },
    async run(args, call) {
      const ref = withTag(args.name);
      // The engine wants an auth header even for an anonymous push; an empty one means "its own logins".
      const stream = (await call.docker
        .getImage(ref)
        .push({ authconfig: {}, abortSignal: call.signal } as object)) as NodeJS.ReadableStream;
      const events = await followEngine(call, stream, `push ${ref}`);
      const digest = events.map((e) => e.aux?.Digest).find(Boolean);
      return {
        summary: `pushed ${ref}${digest ? ` (${digest})` : ""}`,
        data: { name: ref, ...(digest ? { digest } : {}) },
      };
    },
  }),
  defineTool({
    name: "remove_image",
    kind: "destroy",
    idempotent: true,
    description: "Remove an image (or one of its tags). An image used by a container needs force.",
    input: {
      name: imageName,
      force: z
        .boolean()
        .optional()
        .describe("Remove it even if stopped containers use it, or it has several tags"),
      confirm: arg.confirm,
    },
    async run(args, call) {
      await call.docker.getImage(args.name).inspect();
      await call.confirm(`Remove image ${args.name}${args.force ? " (force)" : ""}`);
      const removed = (await call.docker
        .getImage(args.name)
        .remove({ force: args.force ?? false, abortSignal: call.signal })) as {
        Untagged?: string;
        Deleted?: string;
      }[];
      return {
        summary: `removed image ${args.name}: ${removed.length} tags and layers`,
        data: {
          name: args.name,
          untagged: removed.flatMap((r) => r.Untagged ?? []),
          deleted: removed.flatMap((r) => r.Deleted ?? []),
        },
      };
    },
  }),
  defineTool({
    name: "prune_images",
    kind: "destroy",
    idempotent: true,
    description:
      "Remove unused images: the dangling (untagged) ones, or with all: true every image no container uses.",
    input: {
      all: z.boolean().optional().describe("Every unused image, not only dangling ones"),
      created_by_hub: z.boolean().optional().describe("Only images built through these tools"),
      confirm: arg.confirm,
    },
    async run(args, call) {
      await call.confirm(
        `Remove every ${args.all ? "unused" : "dangling"} image${args.created_by_hub ? " built through the hub" : ""}`,
      );
      const filters: Record<string, string[]> = { dangling: [String(!args.all)] };
      if (args.created_by_hub) filters.label = [CREATED.by];
      const pruned = await call.docker.pruneImages({ filters, abortSignal: call.signal });
      const deleted = (pruned.ImagesDeleted ?? []).flatMap(
        (d) => [d.Untagged, d.Deleted].filter(Boolean) as string[],
      );
      return {
        summary: `pruned ${deleted.length} images and layers, ${humanBytes(pruned.SpaceReclaimed ?? 0)} reclaimed`,
        data: { deleted, spaceReclaimed: pruned.SpaceReclaimed ?? 0 },
      };
    },
  }),
];

export interface BuildRequest {
  name: string;
  dockerfile?: string;
  files?: { path: string; content: string; encoding?: "utf8" | "base64"; mode?: number }[];
  context_url?: string;
  dockerfile_path?: string;
  build_args?: Record<string, string>;
  target?: string;
  labels?: Record<string, string>;
  no_cache?: boolean;
  pull?: boolean;
}

/** Last lines of build output kept in the answer. */
const BUILD_LOG_LINES = 60;

/** Builds with progress; used by build_image and by deploy_stack for services with `build`. */
export async function buildImage(
  call: ToolCall,
  request: BuildRequest,
  extraLabels: Record<string, string> = {},
): Promise<{ id: string; log: string }> {
  if (Boolean(request.dockerfile) === Boolean(request.context_url))
    throw new Refusal("Refused: give either dockerfile (with files) or context_url, not both or neither.");
  const context = request.dockerfile
    ? contextTar({ dockerfile: request.dockerfile, files: request.files })
    : undefined;
  const options = {
    t: request.name,
    ...(request.context_url ? { remote: request.context_url } : {}),
    ...(request.dockerfile_path ? { dockerfile: request.dockerfile_path } : {}),
    ...(request.build_args ? { buildargs: request.build_args } : {}),
    ...(request.target ? { target: request.target } : {}),
    labels: { ...request.labels, ...call.labels("build_image", extraLabels) },
    ...(request.no_cache ? { nocache: true } : {}),
    ...(request.pull ? { pull: true } : {}),
    rm: true,
    forcerm: true,
    abortSignal: call.signal,
  };
  // A remote context is fetched by the engine; the API still wants a body, and an empty one is fine.
  const stream = await call.docker.buildImage((context ?? Buffer.alloc(0)) as NodeJS.ReadableStream, options);
  const events = await followEngine(call, stream, `build ${request.name}`);
  const log = events
    .map((e) => e.stream ?? "")
    .join("")
    .split("\n");
  const id =
    events.map((e) => e.aux?.ID).find(Boolean) ?? (await call.docker.getImage(request.name).inspect()).Id;
  return { id, log: log.slice(-BUILD_LOG_LINES).join("\n") };
}

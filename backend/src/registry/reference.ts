import { imageTagSchema, repositoryNameSchema } from "@mcp-hub/contracts";

export interface TagReference {
  repository: string;
  tag: string;
}

/** `repo:tag` as users type it (the tag is the part after the last colon that follows the last slash). */
export function parseTagReference(text: string): TagReference | { error: string } {
  const at = text.lastIndexOf(":");
  if (at <= 0 || at < text.lastIndexOf("/"))
    return { error: `"${text}" is not <repository>:<tag> (e.g. mcp/memory:1.0.0)` };
  const repository = repositoryNameSchema.safeParse(text.slice(0, at));
  if (!repository.success)
    return { error: `repository "${text.slice(0, at)}": ${repository.error.issues[0]?.message}` };
  const tag = imageTagSchema.safeParse(text.slice(at + 1));
  if (!tag.success) return { error: `tag "${text.slice(at + 1)}": ${tag.error.issues[0]?.message}` };
  return { repository: repository.data, tag: tag.data };
}

/** Registry hosts that mean "this machine's local registry" in an image reference, whatever the port. */
const LOCAL_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);

/**
 * The repository and tag an image reference (as a server's config names it) has in the local registry, whatever
 * the port (a server keeps the image it was given when the registry later moves); undefined for other registries.
 */
export function localReference(image: string): TagReference | undefined {
  const slash = image.indexOf("/");
  if (slash < 0) return undefined;
  const host = image.slice(0, slash).replace(/:\d+$/, "");
  if (!LOCAL_HOSTS.has(host)) return undefined;
  const rest = image.slice(slash + 1).split("@")[0]!;
  const colon = rest.lastIndexOf(":");
  return colon > rest.lastIndexOf("/")
    ? { repository: rest.slice(0, colon), tag: rest.slice(colon + 1) }
    : { repository: rest, tag: "latest" };
}

/** Whether an image reference is `repository:tag` in the local registry, on any port. */
export function refersToLocal(image: string, target: TagReference): boolean {
  const ref = localReference(image);
  return ref?.repository === target.repository && ref.tag === target.tag;
}

import type { RegistryRepository, RegistryTag } from "../../api";

/** The label that carries an image's risk level (the hub's governance labels). */
export const RISK_LABEL = "mcp.governance.level";

/**
 * Every tag, by repository then tag, that the search matches: its repository, its tag, a label's name or value, or
 * a server that uses it. Case does not matter; several words must all match.
 */
export function matchingTags(repositories: RegistryRepository[], query: string): RegistryTag[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const all = repositories
    .flatMap((r) => r.tags)
    .sort((a, b) => a.repository.localeCompare(b.repository) || a.tag.localeCompare(b.tag));
  if (words.length === 0) return all;
  return all.filter((t) => {
    const text = [t.repository, t.tag, ...Object.entries(t.labels).flat(), ...t.usedBy]
      .join("\n")
      .toLowerCase();
    return words.every((word) => text.includes(word));
  });
}

/** The first 12 hex digits of a digest, as Docker shows image IDs. */
export function shortDigest(digest: string): string {
  return digest.replace(/^sha256:/, "").slice(0, 12);
}

/** One tag in the URL (?repository=&tag=), so that a selection survives a reload and can be linked. */
export function sameTag(a: { repository: string; tag: string } | undefined, b: RegistryTag): boolean {
  return a?.repository === b.repository && a.tag === b.tag;
}

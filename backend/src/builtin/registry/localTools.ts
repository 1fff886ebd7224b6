import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import { confirm, refusal } from "../../hub/index.js";
import { imageTagSchema, repositoryNameSchema } from "@mcp-hub/contracts";
import type { Registry, UsedRepository, UsedTag } from "../../registry/index.js";
import { answer, formatBytes, guarded } from "./text.js";

const repository = repositoryNameSchema.describe("Repository in the local registry, e.g. mcp/memory");
const tag = imageTagSchema.describe("Tag within the repository, e.g. 1.0.0 or latest");
const LOCAL = { openWorldHint: false } as const;
const READS = { ...LOCAL, readOnlyHint: true, destructiveHint: false, idempotentHint: true } as const;

/** What an image says of itself in its labels: the server it packages and its risk level. */
function summary(t: UsedTag) {
  return {
    tag: t.tag,
    digest: t.digest,
    size: t.size,
    created: t.created ?? null,
    server: t.labels["mcp.server"] ?? null,
    risk: t.labels["mcp.governance.level"] ?? null,
    usedBy: t.usedBy,
  };
}

const line = (t: UsedTag) =>
  `${t.tag}  ${t.digest.slice(0, 19)}  ${formatBytes(t.size)}${t.created ? `  created ${t.created}` : ""}${
    t.usedBy.length ? `  used by ${t.usedBy.join(", ")}` : ""
  }`;

function listing(repositories: UsedRepository[]) {
  const text = repositories.length
    ? repositories
        .map((r) => `${r.name}: ${r.tags.length} tag(s) — ${r.tags.map((t) => t.tag).join(", ")}`)
        .join("\n")
    : "The local registry holds no images yet.";
  return answer(text, {
    repositories: repositories.map((r) => ({ name: r.name, tags: r.tags.map(summary) })),
  });
}

/** The tools over the hub's local registry (what it holds, and deleting from it). */
export function registerLocalTools(mcp: McpServer, registry: Registry, readOnly: () => boolean): void {
  let listed: { source: UsedRepository[]; result: ReturnType<typeof answer> } | undefined;
  mcp.registerTool(
    "list_repositories",
    {
      title: "List local repositories",
      description:
        "Lists the repositories in the hub's local image registry (where migrated MCP servers' images live), each with its tags, sizes, risk label and the hub servers that use them.",
      annotations: READS,
    },
    () =>
      guarded(async () => {
        const repositories = await registry.repositories();
        // The same answer while nothing changed (the registry keeps its listing): built once, not per call.
        if (listed?.source !== repositories) listed = { source: repositories, result: listing(repositories) };
        return listed.result;
      }),
  );

  mcp.registerTool(
    "list_tags",
    {
      title: "List a repository's tags",
      description:
        "Lists the tags of one repository in the local registry with digest, size, created time and users.",
      inputSchema: { repository },
      annotations: READS,
    },
    ({ repository }) =>
      guarded(async () => {
        const tags = await registry.tags(repository);
        return answer(tags.length ? tags.map(line).join("\n") : `${repository} has no tags.`, {
          repository,
          tags: tags.map(summary),
        });
      }),
  );

  mcp.registerTool(
    "get_tag",
    {
      title: "Inspect a tag",
      description:
        "Details of one image in the local registry: digest, size, created time, all labels (mcp.server, mcp.governance.level, OCI labels) and platforms.",
      inputSchema: { repository, tag },
      annotations: READS,
    },
    ({ repository, tag }) =>
      guarded(async () => {
        const found = await registry.tag({ repository, tag });
        const labels = Object.entries(found.labels).map(([k, v]) => `  ${k}=${v}`);
        return answer(
          [`${repository}:${line(found)}`, ...(labels.length ? ["labels:", ...labels] : [])].join("\n"),
          { ...found },
        );
      }),
  );

  mcp.registerTool(
    "check_tag",
    {
      title: "Check a tag exists",
      description: "Whether repository:tag exists in the local registry, and its digest when it does.",
      inputSchema: { repository, tag },
      annotations: READS,
    },
    ({ repository, tag }) =>
      guarded(async () => {
        const found = (await registry.tags(repository).catch(() => [])).find((t) => t.tag === tag);
        return answer(
          found ? `${repository}:${tag} exists (${found.digest}).` : `${repository}:${tag} does not exist.`,
          {
            repository,
            tag,
            exists: Boolean(found),
            digest: found?.digest ?? null,
          },
        );
      }),
  );

  mcp.registerTool(
    "repository_info",
    {
      title: "Describe a repository",
      description:
        "One repository of the local registry: its tags, total size, newest image and its labels, and the hub servers that use it.",
      inputSchema: { repository },
      annotations: READS,
    },
    ({ repository }) =>
      guarded(async () => {
        const tags = await registry.tags(repository);
        const newest = [...tags].sort((a, b) => (b.created ?? "").localeCompare(a.created ?? ""))[0];
        const digests = new Map(tags.map((t) => [t.digest, t.size]));
        const size = [...digests.values()].reduce((sum, s) => sum + s, 0);
        const usedBy = [...new Set(tags.flatMap((t) => t.usedBy))];
        return answer(
          `${repository}: ${tags.length} tag(s), ${formatBytes(size)}${newest ? `, newest ${newest.tag}` : ""}${
            usedBy.length ? `, used by ${usedBy.join(", ")}` : ""
          }`,
          {
            repository,
            tagCount: tags.length,
            size,
            newest: newest ? { ...summary(newest), labels: newest.labels } : null,
            usedBy,
          },
        );
      }),
  );

  mcp.registerTool(
    "search",
    {
      title: "Search the local registry",
      description:
        "Finds repositories in the local registry whose name or image labels (e.g. mcp.server, OCI title) contain the query, case-insensitively.",
      inputSchema: {
        query: z.string().min(1).max(200).describe("Text to look for in names and label values"),
      },
      annotations: READS,
    },
    ({ query }) =>
      guarded(async () => {
        const needle = query.toLowerCase();
        const matches = (await registry.repositories()).filter(
          (r) =>
            r.name.toLowerCase().includes(needle) ||
            r.tags.some((t) => Object.values(t.labels).some((v) => v.toLowerCase().includes(needle))),
        );
        return answer(
          matches.length
            ? matches.map((r) => `${r.name} (${r.tags.map((t) => t.tag).join(", ")})`).join("\n")
            : `Nothing matches "${query}".`,
          { query, repositories: matches.map((r) => ({ name: r.name, tags: r.tags.map(summary) })) },
        );
      }),
  );

  mcp.registerTool(
    "delete_tag",
    {
      title: "Delete a tag",
      description:
        "Deletes repository:tag from the local registry. The registry deletes by digest, so every other tag on the same digest goes too (the confirmation names them). Refused while a running hub server uses the image, unless force is true. Needs confirmation: the user is asked when the client supports it, else pass confirm: true once the user has agreed. Space is freed by garbage collection.",
      inputSchema: {
        repository,
        tag,
        confirm: z.boolean().optional().describe("true once the user has agreed to this deletion"),
        force: z
          .boolean()
          .optional()
          .describe("true to delete even while a running hub server uses the image"),
      },
      annotations: { ...LOCAL, readOnlyHint: false, destructiveHint: true, idempotentHint: false },
    },
    ({ repository, tag, confirm: confirmed, force }, extra) =>
      guarded(async () => {
        const doomed = await registry.sameDigest({ repository, tag });
        const others = doomed.tags.filter((t) => t !== tag);
        const answerTo = await confirm(mcp.server, {
          action: `Delete ${repository}:${tag}${others.length ? ` and the tags on the same digest: ${others.map((t) => `${repository}:${t}`).join(", ")}` : ""}`,
          confirmed,
          readOnly: readOnly(),
          signal: extra.signal,
        });
        if (!answerTo.confirmed) return refusal(answerTo.reason);
        const deleted = await registry.deleteTag({ repository, tag }, { force });
        return answer(
          `Deleted ${deleted.tags.map((t) => `${repository}:${t}`).join(", ")} (${deleted.digest}). Run garbage collection to free the space.`,
          { repository, ...deleted },
        );
      }),
  );
}

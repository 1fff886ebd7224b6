import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import { errorMessage } from "../../errors/index.js";
import { answer, failure, formatBytes, guarded } from "./text.js";

const TIMEOUT_MS = 8_000;
const READS = {
  readOnlyHint: true,
  destructiveHint: false,
  idempotentHint: true,
  openWorldHint: true,
} as const;
const repository = z
  .string()
  .regex(
    /^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)?$/,
    "namespace/name, or name for official images",
  )
  .describe(
    "A Docker Hub repository: namespace/name (e.g. mcp/fetch), or name alone for an official image (e.g. node)",
  );
const tag = z
  .string()
  .regex(/^[\w][\w.-]{0,127}$/)
  .describe("A tag, e.g. latest or 1.2.3");

const searchSchema = z.object({
  count: z.number().optional(),
  results: z.array(
    z.looseObject({
      repo_name: z.string(),
      short_description: z.string().nullish(),
      star_count: z.number().nullish(),
      pull_count: z.number().nullish(),
      is_official: z.boolean().nullish(),
    }),
  ),
});
const repositorySchema = z.looseObject({
  name: z.string(),
  namespace: z.string(),
  description: z.string().nullish(),
  star_count: z.number().nullish(),
  pull_count: z.number().nullish(),
  last_updated: z.string().nullish(),
});
const tagSchemaHub = z.looseObject({
  name: z.string(),
  last_updated: z.string().nullish(),
  full_size: z.number().nullish(),
  digest: z.string().nullish(),
});
const tagsSchema = z.object({ count: z.number().optional(), results: z.array(tagSchemaHub) });

class HubUnreachable extends Error {}

/** Docker Hub's public API (read-only): where the hub's tools look beyond the local registry. */
class DockerHubClient {
  constructor(private readonly baseUrl: string) {}

  /** The parsed body, undefined for a 404; HubUnreachable when Docker Hub does not answer. */
  async get<T>(path: string, schema: z.ZodType<T>): Promise<T | undefined> {
    let response: Response;
    try {
      response = await fetch(new URL(path, this.baseUrl), { signal: AbortSignal.timeout(TIMEOUT_MS) });
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      throw new HubUnreachable(cause ?? errorMessage(error));
    }
    if (response.status === 404) return undefined;
    if (!response.ok) throw new Error(`Docker Hub answered ${response.status} ${response.statusText}`);
    return schema.parse(await response.json());
  }
}

/** "node" is the official image library/node. */
const qualified = (name: string) => (name.includes("/") ? name : `library/${name}`);

/** Docker Hub out of reach is a plain result that says so; anything else says what went wrong. */
const explain = (baseUrl: string) => (error: unknown) =>
  error instanceof HubUnreachable
    ? `Docker Hub not reachable from the hub (${baseUrl}: ${error.message}); these tools need internet access. The local registry tools work without it.`
    : errorMessage(error);

/** Docker Hub's read-only equivalents of the local tools: search, repository info, tags, check a tag. */
export function registerDockerHubTools(mcp: McpServer, baseUrl: string): void {
  const hub = new DockerHubClient(baseUrl);
  const onFailure = explain(baseUrl);

  mcp.registerTool(
    "hub_search",
    {
      title: "Search Docker Hub",
      description:
        'Searches Docker Hub\'s public repositories by name and description (e.g. "mcp server github").',
      inputSchema: {
        query: z.string().min(1).max(200).describe("Search text"),
        limit: z.number().int().min(1).max(100).default(10).describe("How many results (1-100)"),
      },
      annotations: READS,
    },
    ({ query, limit }) =>
      guarded(async () => {
        const found = await hub.get(
          `/v2/search/repositories/?query=${encodeURIComponent(query)}&page_size=${limit}`,
          searchSchema,
        );
        const results = found?.results ?? [];
        return answer(
          results.length
            ? results
                .map(
                  (r) => `${r.repo_name}${r.is_official ? " (official)" : ""}: ${r.short_description ?? ""}`,
                )
                .join("\n")
            : `No Docker Hub repository matches "${query}".`,
          { query, total: found?.count ?? results.length, results },
        );
      }, onFailure),
  );

  mcp.registerTool(
    "hub_repository_info",
    {
      title: "Describe a Docker Hub repository",
      description: "Description, stars, pulls and last update of a Docker Hub repository.",
      inputSchema: { repository },
      annotations: READS,
    },
    ({ repository }) =>
      guarded(async () => {
        const info = await hub.get(`/v2/repositories/${qualified(repository)}/`, repositorySchema);
        if (!info) return failure(`Docker Hub has no repository "${repository}".`);
        return answer(
          `${info.namespace}/${info.name}: ${info.description ?? "(no description)"}; ${info.star_count ?? 0} stars, ${info.pull_count ?? 0} pulls, updated ${info.last_updated ?? "?"}`,
          { repository, ...info },
        );
      }, onFailure),
  );

  mcp.registerTool(
    "hub_list_tags",
    {
      title: "List a Docker Hub repository's tags",
      description: "The most recently updated tags of a Docker Hub repository, with size and digest.",
      inputSchema: {
        repository,
        limit: z.number().int().min(1).max(100).default(25).describe("How many tags (1-100)"),
      },
      annotations: READS,
    },
    ({ repository, limit }) =>
      guarded(async () => {
        const tags = await hub.get(
          `/v2/repositories/${qualified(repository)}/tags/?page_size=${limit}&ordering=last_updated`,
          tagsSchema,
        );
        if (!tags) return failure(`Docker Hub has no repository "${repository}".`);
        return answer(
          tags.results
            .map(
              (t) =>
                `${t.name}${t.full_size ? `  ${formatBytes(t.full_size)}` : ""}${t.last_updated ? `  ${t.last_updated}` : ""}`,
            )
            .join("\n") || `${repository} has no tags.`,
          { repository, total: tags.count ?? tags.results.length, tags: tags.results },
        );
      }, onFailure),
  );

  mcp.registerTool(
    "hub_check_tag",
    {
      title: "Check a Docker Hub tag exists",
      description: "Whether repository:tag exists on Docker Hub, with its digest and size when it does.",
      inputSchema: { repository, tag },
      annotations: READS,
    },
    ({ repository, tag }) =>
      guarded(async () => {
        const found = await hub.get(`/v2/repositories/${qualified(repository)}/tags/${tag}/`, tagSchemaHub);
        return answer(
          found
            ? `${repository}:${tag} exists on Docker Hub.`
            : `${repository}:${tag} does not exist on Docker Hub.`,
          {
            repository,
            tag,
            exists: Boolean(found),
            digest: found?.digest ?? null,
            size: found?.full_size ?? null,
          },
        );
      }, onFailure),
  );
}

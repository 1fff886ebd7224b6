import { createInterface } from "node:readline/promises";
import { Command } from "commander";
import {
  repositoryNameSchema,
  type GarbageCollection,
  type GarbageCollectionEvent,
  type HubStatus,
  type RegistryDeleted,
  type RegistryResponse,
  type RegistryTagResponse,
  type RegistryTagsResponse,
} from "@mcp-hub/contracts";
import { parseTagReference, type TagReference } from "../registry/index.js";
import { apiFailure, callApi, CliError, EXIT, streamApi, type HubConnection } from "./hubClient.js";
import { print } from "./print.js";
import {
  deleteNotice,
  emptyRegistryText,
  garbageCollectionText,
  inspectText,
  registryLine,
  shortDigest,
  tagTable,
} from "./registryText.js";

type JsonFlag = { json?: boolean };

/** `mcp-hub registry …`: the hub's local image registry through its REST API (/api/registry). */
export function registryCommands(connection: () => HubConnection): Command {
  const registry = new Command("registry").description(
    "the hub's local image registry: what it holds, deleting tags, garbage collection",
  );

  registry
    .command("status")
    .description("show whether the registry runs and the port it really uses")
    .option("--json", "print the status object: state, port, wantedPort (or error)")
    .action(async (opts: JsonFlag) => {
      const { registry: status } = await callApi<HubStatus>(connection(), "GET", "/status");
      print(opts, status, () => registryLine(status));
    });

  registry
    .command("ls")
    .description("list every repository's tags: digest, size, age, risk and the servers using them")
    .option("--json", "print the API's answer")
    .action(async (opts: JsonFlag) => {
      const listing = await callApi<RegistryResponse>(connection(), "GET", "/registry");
      if (opts.json) console.log(JSON.stringify(listing, null, 2));
      if (listing.error) throw new CliError(listing.error, EXIT.failed);
      if (opts.json) return;
      const tags = listing.repositories.flatMap((r) => r.tags);
      console.log(
        tags.length ? tagTable(tags, { withRepository: true }) : emptyRegistryText(listing.registry),
      );
    });

  registry
    .command("tags <repository>")
    .description("list a repository's tags: digest, size, age, risk and the servers using them")
    .option("--json", "print the API's answer")
    .action(async (name: string, opts: JsonFlag) => {
      const repository = parseRepository(name);
      const answer = await callApi<RegistryTagsResponse>(
        connection(),
        "GET",
        `/registry/tags?${query({ repository })}`,
      );
      print(opts, answer, () => tagTable(answer.tags, { withRepository: false }));
    });

  registry
    .command("inspect <repository:tag>")
    .description(
      "show one tag: full digest, size, created, labels, servers using it, tags on the same digest",
    )
    .option("--json", "print the API's answer")
    .action(async (reference: string, opts: JsonFlag) => {
      const detail = await tagDetail(connection(), parseReference(reference));
      print(opts, detail, () => inspectText(detail));
    });

  registry
    .command("rm <repository:tag>")
    .description(
      "delete a tag; the registry deletes by digest, so every tag of the same image goes with it (asks first)",
    )
    .option("-y, --yes", "delete without asking (needed where there is no terminal to ask on)")
    .option("--force", "delete even while a server uses the image")
    .option("--json", "print what was deleted: the digest and its tags")
    .action(async (reference: string, opts: JsonFlag & { yes?: boolean; force?: boolean }) => {
      const ref = parseReference(reference);
      const detail = await tagDetail(connection(), ref);
      process.stderr.write(`${deleteNotice(detail)}\n`);
      if (!opts.yes) await confirm(`Delete ${detail.sameDigest.length > 1 ? "them" : "it"}? [y/N] `);
      const deleted = await deleteTag(connection(), ref, Boolean(opts.force));
      print(opts, deleted, () => {
        const tags = deleted.tags.map((t) => `${ref.repository}:${t}`).join(", ");
        return `deleted ${tags} (${shortDigest(deleted.digest)}); \`mcp-hub registry gc\` frees the space`;
      });
    });

  registry
    .command("gc")
    .description(
      "garbage-collect: free the space deleted images hold (the registry stops meanwhile), showing each step",
    )
    .option("--json", "print the result only, as JSON")
    .action(async (opts: JsonFlag) => {
      if (opts.json) {
        const result = await callApi<GarbageCollection>(connection(), "POST", "/registry/gc");
        return console.log(JSON.stringify(result, null, 2));
      }
      const result = await collectGarbage(connection(), (step) => console.log(`${step} …`));
      console.log(garbageCollectionText(result));
    });

  return registry;
}

function query(params: Record<string, string>): string {
  return new URLSearchParams(params).toString();
}

function parseRepository(name: string): string {
  const parsed = repositoryNameSchema.safeParse(name);
  if (!parsed.success)
    throw new CliError(`repository "${name}": ${parsed.error.issues[0]?.message}`, EXIT.usage);
  return parsed.data;
}

function parseReference(text: string): TagReference {
  const parsed = parseTagReference(text);
  if ("error" in parsed) throw new CliError(parsed.error, EXIT.usage);
  return parsed;
}

function tagDetail(connection: HubConnection, ref: TagReference): Promise<RegistryTagResponse> {
  return callApi<RegistryTagResponse>(connection, "GET", `/registry/tag?${query({ ...ref })}`);
}

async function deleteTag(
  connection: HubConnection,
  ref: TagReference,
  force: boolean,
): Promise<RegistryDeleted> {
  const params = query({ ...ref, ...(force ? { force: "true" } : {}) });
  try {
    return await callApi<RegistryDeleted>(connection, "DELETE", `/registry/tag?${params}`);
  } catch (error) {
    if (error instanceof CliError && error.apiCode === "image_in_use")
      throw new CliError(`${error.message} (add --force)`, EXIT.failed, error.apiCode);
    throw error;
  }
}

/** Asks y/N on the terminal; anything but yes (or Ctrl-C, Ctrl-D) deletes nothing. */
async function confirm(question: string): Promise<void> {
  if (!process.stdin.isTTY)
    throw new CliError("no terminal to ask on: add --yes to delete without asking", EXIT.usage);
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  const closed = new AbortController();
  prompt.once("close", () => closed.abort());
  prompt.once("SIGINT", () => prompt.close());
  let answer = "";
  try {
    answer = await prompt.question(question, { signal: closed.signal });
  } catch {
    // Closed before an answer: a no.
  } finally {
    prompt.close();
  }
  if (!/^y(es)?$/i.test(answer.trim())) throw new CliError("nothing deleted", EXIT.failed);
}

/** POST /registry/gc as server-sent events: each step as it happens, then the result (or the hub's error). */
async function collectGarbage(
  connection: HubConnection,
  onStep: (step: string) => void,
): Promise<GarbageCollection> {
  let result: GarbageCollection | undefined;
  await streamApi(connection, "POST", "/registry/gc", (event, data) => {
    const received = { event, data } as GarbageCollectionEvent;
    if (received.event === "step") onStep(received.data.step);
    else if (received.event === "result") result = received.data;
    else if (received.event === "error") throw apiFailure(received.data.status, received.data);
  });
  if (!result)
    throw new CliError(
      "the hub ended garbage collection without a result; see `mcp-hub registry status`",
      EXIT.failed,
    );
  return result;
}

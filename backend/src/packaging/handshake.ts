import { randomBytes } from "node:crypto";
import type { PlannedServer } from "@mcp-hub/contracts";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { attachSession, LogRing } from "../downstream/index.js";
import { errorMessage } from "../errors/index.js";
import type { Logger } from "../log/index.js";
import { profileFor, type ContainerRuntime, type WorkloadSpec } from "../runtime/index.js";
import { PackagingFailed } from "./errors.js";

/**
 * Marks a handshake's throw-away container (value: the server's name). Its mcp.server label names no configured
 * server and it is managed, so a hub restart removes a leftover one (the runtime's orphan removal).
 */
export const HANDSHAKE_LABEL = "mcp-hub.handshake";
/** Lines of the server's output a failed handshake reports. */
const OUTPUT_TAIL_LINES = 20;
const OUTPUT_LINE_MAX_CHARS = 500;
/** Stops a server that lists tools forever (a paging bug) from keeping the handshake going. */
const MAX_TOOL_PAGES = 100;

export interface HandshakeDeps {
  runtime: ContainerRuntime;
  log: Logger;
  /** Labels every container gets (tests mark theirs). */
  labels: Record<string, string>;
  version: string;
}

export interface HandshakeOptions {
  /** Secret values by secret name (as the secret store answers); server.secretEnv says which env var gets which. */
  secrets: Record<string, string>;
  signal: AbortSignal;
  timeoutMs: number;
}

/** Rejects with the signal's reason as soon as it aborts; `work` goes on (its caller cleans up after it). */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason as Error);
    signal.addEventListener("abort", onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

/** The container as the hub would run the server: its risk's hardening and network, its mounts, its secrets. */
export function handshakeSpec(
  server: PlannedServer & { image: string },
  secrets: Record<string, string>,
  labels: Record<string, string>,
): WorkloadSpec {
  return {
    server: `handshake-${server.name}-${randomBytes(3).toString("hex")}`,
    image: server.image,
    command: server.args.length ? server.args : undefined,
    env: {},
    secretEnv: Object.fromEntries(
      Object.entries(server.secretEnv).map(([env, name]) => [env, secrets[name]!]),
    ),
    transport: "stdio",
    risk: server.risk,
    audit: true,
    profile: profileFor({ risk: server.risk, egress: server.egress, transport: "stdio" }),
    mounts: server.mounts.map((m) => ({ source: m.source, target: m.target, readOnly: !m.writable })),
    labels: { ...labels, [HANDSHAKE_LABEL]: server.name },
  };
}

/**
 * initialize + tools/list with the server in a throw-away container hardened as its risk level says; the container
 * is removed afterwards, whatever happened. A failure names the reason and the tail of the server's output.
 */
export async function handshake(
  deps: HandshakeDeps,
  server: PlannedServer,
  options: HandshakeOptions,
): Promise<{ tools: string[] }> {
  const fail = (reason: string) => new PackagingFailed("handshake", server.name, reason);
  const { image } = server;
  if (!image) throw fail(`a ${server.kind} server has no image to start`);
  const missing = Object.values(server.secretEnv).filter((name) => options.secrets[name] === undefined);
  if (missing.length)
    throw fail(`secret(s) ${missing.join(", ")} not set: set them (mcp-hub secret set <name>) and try again`);

  const deadline = AbortSignal.any([options.signal, AbortSignal.timeout(options.timeoutMs)]);
  const ends = Date.now() + options.timeoutMs;
  const remaining = () => Math.max(1, ends - Date.now());
  const ring = new LogRing({ maxLines: OUTPUT_TAIL_LINES * 5 });
  const deploying = deps.runtime.deploy(handshakeSpec({ ...server, image }, options.secrets, deps.labels));
  let id: string | undefined;
  try {
    id = (await untilAborted(deploying, deadline)).workload.id;
    const connection = await untilAborted(
      attachSession({
        runtime: deps.runtime,
        containerId: id,
        ring,
        createClient: () =>
          new Client({ name: "mcp-hub-migrate", version: deps.version }, { capabilities: {} }),
        connectTimeoutMs: remaining(),
      }),
      deadline,
    );
    try {
      // A server without tools (only resources or prompts) is a server all the same.
      if (!connection.client.getServerCapabilities()?.tools) return { tools: [] };
      const tools: string[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < MAX_TOOL_PAGES; page++) {
        const listed = await connection.client.listTools(cursor ? { cursor } : {}, {
          signal: deadline,
          timeout: remaining(),
        });
        tools.push(...listed.tools.map((tool) => tool.name));
        cursor = listed.nextCursor;
        if (!cursor) break;
      }
      return { tools };
    } finally {
      await connection.close().catch(() => undefined);
    }
  } catch (error) {
    const reason = options.signal.aborted
      ? "cancelled"
      : deadline.aborted
        ? `no answer to initialize and tools/list within ${Math.round(options.timeoutMs / 1000)} s`
        : errorMessage(error);
    const tail = id ? await outputTail(deps.runtime, id, ring) : [];
    throw fail(tail.length ? `${reason}; its last output:\n${tail.join("\n")}` : reason);
  } finally {
    // A deploy the deadline overtook still creates its container: wait for it, then remove it too.
    id ??= (await deploying.catch(() => undefined))?.workload.id;
    if (id)
      await deps.runtime
        .remove(id)
        .catch((error: unknown) =>
          deps.log.warn({ err: error, server: server.name, id }, "could not remove a handshake container"),
        );
  }
}

/** What the server wrote on stderr since the attach, else everything its container logged (it may have died first). */
async function outputTail(runtime: ContainerRuntime, id: string, ring: LogRing): Promise<string[]> {
  let lines = ring.lines().filter((line) => line.trim());
  if (!lines.length) {
    const logs = await runtime.logs(id, OUTPUT_TAIL_LINES).catch(() => "");
    lines = logs.split(/\r?\n/).filter((line) => line.trim());
  }
  return lines.slice(-OUTPUT_TAIL_LINES).map((line) => line.slice(0, OUTPUT_LINE_MAX_CHARS));
}

/**
 * The a2a module's code beyond its descriptor, loaded on an agent's first start (a bundle of its own, beside the
 * hub's: dist/a2a-agents.js), so an idle hub without agents never holds the A2A SDK.
 */
import { setTimeout as sleep } from "node:timers/promises";
import type { Client } from "@a2a-js/sdk/client";
import type { RegisteredTool } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { AgentOptions } from "@mcp-hub/contracts";
import type { AgentDirectory } from "../../agents/index.js";
import { errorMessage } from "../../errors/index.js";
import type { BuiltinContext, BuiltinInstance, ServerContainer } from "../../hub/index.js";
import { createAgentClient } from "./agentClient.js";
import { cardUrlOf, fetchCard, readCard, type ReadCard } from "./card.js";
import { createAgentServer, describeAgent } from "./tools.js";

export interface AgentDeps {
  directory: AgentDirectory;
  version: string;
  /** How often the card is fetched again (tests shorten it). */
  cardRefreshMs?: number;
}

type Context = BuiltinContext<AgentOptions>;

const CARD_REFRESH_MS = 5 * 60_000; // skills change rarely; a broken card shows within this
const CARD_WAIT_MS = 60_000; // an agent's container may install or warm up before it serves its card
const CARD_RETRY_MS = 500;

/** The card as fetched and read, and the SDK client made from it. */
interface Loaded {
  raw: Record<string, unknown>;
  read: ReadCard;
  client: Client;
}

/**
 * Checks an agent before it is stored: its secrets are set; an image is on the engine or pullable; a card at a URL
 * answers and is one the hub can talk to. Throws the reason.
 */
export async function checkAgent(context: Context): Promise<void> {
  const { options } = context;
  const headers = await authHeaders(context);
  if (options.image) {
    await context.secrets(options.secrets);
    await context.container.ensureImage(options.image);
    return;
  }
  const cardUrl = cardUrlOf(options.url as string);
  readCard(await fetchCard(cardUrl, headers), { cardUrl });
}

/**
 * One running agent: its container when it comes from an image (run by the hub, adopted after a restart), its card
 * (fetched now and every 5 minutes; a refresh that fails keeps the last good card and shows why) and the SDK client
 * its tools use. What it learned is published in the agent directory for the gateway and the REST API.
 */
export async function startAgent(context: Context, deps: AgentDeps): Promise<BuiltinInstance> {
  const { name, options, log } = context;
  const owner = {};
  const headers = await authHeaders(context);
  const container = options.image ? await runContainer(context) : undefined;
  const cardUrl = container ? new URL(options.cardPath, container.url) : cardUrlOf(options.url as string);
  const load = async (): Promise<Loaded> => {
    const raw = await fetchCard(cardUrl, headers);
    const read = readCard(raw, { cardUrl, container: container?.url });
    return { raw, read, client: await createAgentClient(read, headers) };
  };
  const publish = ({ raw, read }: Loaded) =>
    deps.directory.publish(name, owner, {
      card: raw,
      view: read.view,
      endpoint: Object.keys(read.jsonRpc).length ? { urls: read.jsonRpc, headers } : undefined,
      checkedAt: new Date().toISOString(),
    });

  let current = container ? await untilServed(load, container) : await load();
  publish(current);
  log.info(
    { card: cardUrl.href, version: current.read.chosen.version, binding: current.read.chosen.binding },
    "agent ready",
  );
  const sendTools = new Set<RegisteredTool>();
  const refresh = async () => {
    try {
      const next = await load();
      const changed = JSON.stringify(next.read.view) !== JSON.stringify(current.read.view);
      current = next;
      publish(next);
      if (changed) for (const tool of sendTools) tool.update({ description: describeAgent(next.read.view) });
    } catch (error) {
      log.warn({ reason: errorMessage(error) }, "agent card refresh failed; keeping the last good card");
      deps.directory.failed(name, owner, errorMessage(error), new Date().toISOString());
    }
  };
  const timer = setInterval(() => void refresh(), deps.cardRefreshMs ?? CARD_REFRESH_MS);
  timer.unref();
  const handle = {
    name,
    log,
    version: deps.version,
    current: () => ({ client: current.client, view: current.read.view }),
  };
  return {
    container,
    createServer() {
      let sendTool: RegisteredTool | undefined;
      const mcp = createAgentServer(handle, (tool) => sendTools.add((sendTool = tool)));
      const previous = mcp.server.onclose;
      mcp.server.onclose = () => {
        if (sendTool) sendTools.delete(sendTool);
        previous?.();
      };
      return mcp;
    },
    async close() {
      clearInterval(timer);
      deps.directory.release(name, owner);
    },
  };
}

/** The agent's container, run as an image server's would be, with its secrets as environment. */
function runContainer(context: Context): Promise<ServerContainer> {
  const { options } = context;
  return context.container.run({
    image: options.image as string,
    port: options.port as number,
    command: options.command,
    env: options.env,
    secrets: options.secrets,
    egress: options.egress,
    resources: options.resources,
    user: options.user,
  });
}

/** A fresh container serves its card once its server listens: try until then, unless the container stops. */
async function untilServed(load: () => Promise<Loaded>, container: ServerContainer): Promise<Loaded> {
  let exit: string | undefined;
  container.exited.then(
    (code) => (exit = `the agent's container exited (code ${code}) before it served its card`),
    (error: unknown) => (exit = `the agent's container is gone: ${errorMessage(error)}`),
  );
  const deadline = Date.now() + CARD_WAIT_MS;
  for (;;) {
    try {
      return await load();
    } catch (error) {
      if (exit) throw new Error(exit);
      if (Date.now() > deadline)
        throw new Error(
          `the agent did not serve a usable card within ${CARD_WAIT_MS / 1000} s: ${errorMessage(error)}`,
        );
      await sleep(CARD_RETRY_MS);
      if (exit) throw new Error(exit);
    }
  }
}

/** The headers of the agent's auth, its value from the secrets file. */
async function authHeaders(context: Context): Promise<Record<string, string>> {
  const auth = context.options.auth;
  if (!auth) return {};
  const value = (await context.secrets([auth.secret]))[auth.secret] as string;
  return auth.type === "bearer" ? { authorization: `Bearer ${value}` } : { [auth.header]: value };
}

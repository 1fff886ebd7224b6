import { Command, Option } from "commander";
import type { AgentAddInput, AgentAuth, AgentsResponse, AgentView, RiskLevel } from "@mcp-hub/contracts";
import { callApi, CliError, EXIT, type HubConnection } from "./hubClient.js";
import { envPairs } from "./serverCommands.js";
import { table } from "./table.js";

/** `mcp-hub agent …`: A2A agents behind the hub, through its REST API (/api/agents). */
export function agentCommands(connection: () => HubConnection): Command {
  const agent = new Command("agent").description(
    "manage the hub's A2A agents: shown on /mcp as <agent>__send_message and on the A2A gateway",
  );

  agent
    .command("ls")
    .description("list agents with state, A2A version, skills and last error")
    .option("--json", "print the API's answer")
    .action(async (opts: { json?: boolean }) => {
      const answer = await callApi<AgentsResponse>(connection(), "GET", "/agents");
      if (opts.json) return console.log(JSON.stringify(answer, null, 2));
      if (!answer.agents.length)
        return console.log("No agents yet. Add one: mcp-hub agent add <name> --card <agent card URL>");
      console.log(
        table([
          ["NAME", "SOURCE", "STATE", "A2A", "SKILLS", "RESTARTS", "LAST ERROR"],
          ...answer.agents.map((a) => [
            a.name,
            a.source,
            a.state,
            a.card?.protocolVersion ?? "",
            String(a.card?.skills.length ?? 0),
            String(a.restarts),
            a.lastError ?? a.cardError ?? "",
          ]),
        ]),
      );
      if (answer.gateway) console.log(`\nA2A gateway: ${answer.gateway.url}/agents`);
    });

  agent
    .command("add <name>")
    .description("add an agent: the URL of its Agent Card (or its base URL), or an image the hub runs")
    // Not --url: that is the hub's own URL, an option of every command.
    .addOption(
      new Option("--card <url>", "the agent's card URL, or its base URL (…/.well-known/agent-card.json)"),
    )
    .addOption(new Option("--image <image>", "container image to run (hardened, on the hub's network)"))
    .option("--port <port>", "container port of the image's A2A server", (v) => Number(v))
    .option("--card-path <path>", "where the image serves its card", "/.well-known/agent-card.json")
    .option("--env <KEY=VALUE...>", "plain environment variables for the image (not for secrets)")
    .option("--secret <NAME...>", "names of secrets to inject into the image as environment")
    .option("--cmd <arg...>", "command (argv) overriding the image's CMD")
    .option("--egress", "let the image reach the internet (an LLM API, say)")
    .option("--bearer-secret <NAME>", "send `Authorization: Bearer <secret NAME>` to the agent")
    .option("--header-secret <HEADER=NAME>", "send `<HEADER>: <secret NAME>` to the agent (an API key)")
    .addOption(
      new Option("--risk <level>", "governance level").choices(["low", "medium", "high"]).default("medium"),
    )
    .option("--timeout <ms>", "call timeout (progress resets it for clients that ask)", (v) => Number(v))
    .option("--disabled", "add without starting")
    .action(async (name: string, opts: AddFlags) => {
      const view = await callApi<AgentView>(connection(), "POST", "/agents", toAgentBody(name, opts));
      console.log(`added ${view.name}: ${statusLine(view)}`);
    });

  agent
    .command("rm <name>")
    .description("remove an agent (and its container)")
    .action(async (name: string) => {
      await callApi(connection(), "DELETE", `/agents/${encodeURIComponent(name)}`);
      console.log(`removed ${name}`);
    });

  agent
    .command("status <name>")
    .description("show one agent: state, card, skills, tools and last error")
    .option("--json", "print the API's answer")
    .action(async (name: string, opts: { json?: boolean }) => {
      const view = await callApi<AgentView>(connection(), "GET", `/agents/${encodeURIComponent(name)}`);
      if (opts.json) return console.log(JSON.stringify(view, null, 2));
      console.log(agentText(view));
    });
  return agent;
}

interface AddFlags {
  card?: string;
  image?: string;
  port?: number;
  cardPath: string;
  env?: string[];
  secret?: string[];
  cmd?: string[];
  egress?: boolean;
  bearerSecret?: string;
  headerSecret?: string;
  risk: RiskLevel;
  timeout?: number;
  disabled?: boolean;
}

function toAgentBody(name: string, opts: AddFlags): AgentAddInput {
  if (Boolean(opts.card) === Boolean(opts.image))
    throw new CliError("give either --card <agent card URL> or --image <image>", EXIT.usage);
  const common = {
    name,
    risk: opts.risk,
    enabled: !opts.disabled,
    callTimeoutMs: opts.timeout,
    auth: authOf(opts),
  };
  if (opts.card) return { ...common, url: opts.card };
  return {
    ...common,
    image: opts.image,
    port: opts.port,
    cardPath: opts.cardPath,
    env: envPairs(opts.env),
    secrets: opts.secret ?? [],
    command: opts.cmd,
    egress: Boolean(opts.egress),
  };
}

function authOf(opts: AddFlags): AgentAuth | undefined {
  if (opts.bearerSecret && opts.headerSecret)
    throw new CliError("give --bearer-secret or --header-secret, not both", EXIT.usage);
  if (opts.bearerSecret) return { type: "bearer", secret: opts.bearerSecret };
  if (!opts.headerSecret) return undefined;
  const at = opts.headerSecret.indexOf("=");
  if (at <= 0)
    throw new CliError(`--header-secret takes HEADER=SECRET_NAME, got "${opts.headerSecret}"`, EXIT.usage);
  return { type: "header", header: opts.headerSecret.slice(0, at), secret: opts.headerSecret.slice(at + 1) };
}

function statusLine(view: AgentView): string {
  const error = view.lastError ?? view.cardError;
  return `${view.state}, ${view.tools.length} tools${error ? ` (${error})` : ""}`;
}

/** One agent as `agent status` prints it. */
export function agentText(view: AgentView): string {
  const card = view.card;
  const lines = [
    `${view.name}: ${statusLine(view)}`,
    `  ${view.source}: ${view.location}${view.containerId ? ` (container ${view.containerId.slice(0, 12)})` : ""}`,
    `  restarts ${view.restarts}, breaker ${view.breaker}`,
  ];
  if (view.cardError) lines.push(`  card: ${view.cardError}`);
  if (card) {
    lines.push(
      `  card: ${card.name} ${card.version} (A2A ${card.protocolVersion} over ${card.binding}${card.streaming ? ", streaming" : ""})`,
    );
    if (card.description) lines.push(`  ${card.description}`);
    if (!card.gateway.available) lines.push(`  not on the gateway: ${card.gateway.reason ?? ""}`);
    for (const skill of card.skills)
      lines.push(`  skill ${skill.name}${skill.description ? `: ${skill.description}` : ""}`);
  }
  if (view.tools.length) lines.push(`  tools: ${view.tools.join(", ")}`);
  return lines.join("\n");
}

/**
 * `make demo-stack`: the demo stack. Runs the docker tools from the hub image over stdio
 * (`mcp-hub docker-tools`, as a client without the hub would), then deploys nginx + postgres (named volume) +
 * redis on an app network with health checks (deploy_stack, template web-db-cache), checks each is reachable and
 * that postgres keeps its data across a restart, and prints the times. The stack stays up; `make demo-stack-down`
 * removes it. Without an image registry the images are first built from the Debian base (scripts/demo-stack/).
 */
import {
  checkDemo,
  demoImages,
  deployDemo,
  postgresKeepsData,
  type CallTool,
  type ToolResult,
} from "../backend/test/support/demoStack.js";
import { HUB_IMAGE } from "../backend/test/support/hubContainer.js";
import { imageExists } from "../backend/test/support/images.js";
import { connectStdio } from "../backend/test/support/mcpClient.js";
import { pollUntil } from "../backend/test/support/poll.js";
import { runScript } from "./script.js";

export const DEMO_STACK = process.env.DEMO_STACK ?? "mcp-hub-demo";
const log = (line: string) => void process.stderr.write(`[demo-stack] ${line}\n`);

/** The docker tools over stdio from the hub image; `call` with the tool's own names. */
async function dockerTools(): Promise<{ call: CallTool; close(): Promise<void> }> {
  if (!(await imageExists(HUB_IMAGE))) throw new Error(`${HUB_IMAGE} is missing: run \`make images\` first`);
  const connected = await connectStdio({
    command: "docker",
    args: [
      "run",
      "-i",
      "--rm",
      "-v",
      "/var/run/docker.sock:/var/run/docker.sock",
      HUB_IMAGE,
      "mcp-hub",
      "docker-tools",
    ],
  });
  return {
    call: (tool, args, options) =>
      connected.client.callTool({ name: tool, arguments: args }, undefined, options) as Promise<ToolResult>,
    close: () => connected.close(),
  };
}

async function up(): Promise<void> {
  const tools = await dockerTools();
  try {
    const total = Date.now();
    const images = await demoImages(tools.call, log);
    log(
      `images: ${images.source === "official" ? "the official ones, pulled" : "built from the Debian base"} in ${((Date.now() - total) / 1000).toFixed(1)} s`,
    );
    const started = Date.now();
    let last = "";
    const deployed = await deployDemo(tools.call, DEMO_STACK, images.images, (message) => {
      if (message !== last) log((last = message));
    });
    const deployS = (Date.now() - started) / 1000;
    const reached = await checkDemo(tools.call, DEMO_STACK, deployed.status);
    if (!reached.page.includes("nginx"))
      throw new Error(`the web page is not nginx's: ${reached.page.slice(0, 200)}`);
    log(`web ${reached.url} serves its page; cache: ${reached.cache}; db: ${reached.db}`);
    const kept = await postgresKeepsData(tools.call, DEMO_STACK, (check) =>
      pollUntil(check, { timeoutMs: 60_000, intervalMs: 500 }),
    );
    if (!kept) throw new Error("postgres lost the row it was given across its restart");
    log("postgres kept its data across a container restart");
    process.stdout.write(
      `\nDemo stack "${DEMO_STACK}" healthy in ${deployS.toFixed(1)} s (deploy_stack), ${((Date.now() - total) / 1000).toFixed(1)} s in all.\n` +
        `  web:   ${reached.url}\n` +
        (deployed.generated?.db_password
          ? `  postgres password (generated): ${deployed.generated.db_password}\n`
          : "") +
        `  remove it with: make demo-stack-down\n`,
    );
  } finally {
    await tools.close();
  }
}

async function down(): Promise<void> {
  const tools = await dockerTools();
  try {
    const result = await tools.call("remove_stack", {
      name: DEMO_STACK,
      remove_volumes: true,
      confirm: true,
    });
    process.stdout.write(
      `${
        result.content
          .map((c) => c.text)
          .join("\n")
          .split("\n")[0]
      }\n`,
    );
  } finally {
    await tools.close();
  }
}

runScript("demo-stack", process.argv.includes("--down") ? down : up);

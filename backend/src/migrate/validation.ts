import type { HubControl, ToolView } from "../hub/index.js";
import { errorMessage } from "../errors/index.js";
import type { ServerContext } from "./context.js";
import { StepFailure } from "./failures.js";

const VALIDATE_TIMEOUT_MS = 60_000; // ready, listed and answering; a first start in a container takes seconds
const PING_MIN_MS = 2_000; // a ping gets at least this long, however little of the deadline is left

/** The value `check` gives once it gives one, re-checked on every server and catalog change; undefined at timeout. */
function until<T>(
  control: HubControl,
  check: () => T | undefined,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<T | undefined> {
  return new Promise((resolve) => {
    let done = false;
    const finish = (value: T | undefined) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      unsubscribe();
      signal.removeEventListener("abort", onAbort);
      resolve(value);
    };
    const attempt = () => {
      try {
        const value = check();
        if (value !== undefined) finish(value);
      } catch {
        // Not there yet (a server not in the fleet yet): the next change checks again.
      }
    };
    const onAbort = () => finish(undefined);
    const timer = setTimeout(() => finish(undefined), Math.max(0, timeoutMs));
    const unsubscribe = control.subscribe({ status: attempt, catalog: attempt });
    signal.addEventListener("abort", onAbort);
    attempt();
  });
}

/**
 * The server through the hub: ready, its tools listed as `<name>__…` (every tool the handshake saw), and a ping
 * answered — all within the deadline.
 */
export async function validateServer(ctx: ServerContext, expected: string[] | undefined): Promise<void> {
  const { control } = ctx.deps;
  const name = ctx.planned.name;
  const timeoutMs = ctx.deps.timeouts?.validateMs ?? VALIDATE_TIMEOUT_MS;
  const deadline = Date.now() + timeoutMs;
  const left = () => deadline - Date.now();
  const seconds = Math.round(timeoutMs / 1000);

  // A server behind OAuth waits for the user's sign-in: migrated, with what is left to do said in the report.
  const settled = (state: string) =>
    state === "ready" || (ctx.planned.oauth && state === "needs-authorization");
  const ready = await until(
    control,
    () => (settled(control.server(name).state) ? control.server(name).state : undefined),
    left(),
    ctx.signal,
  );
  if (ready === "needs-authorization") {
    const note = `${name} waits for your authorization: Authorize it on the dashboard's Servers page, or run mcp-hub server auth ${name}`;
    const server = ctx.stored.run.servers.find((s) => s.key === ctx.planned.key);
    if (server) server.note = note;
    return ctx.log("validate", note);
  }
  if (!ready) {
    const view = control.servers().find((s) => s.name === name);
    throw new StepFailure(
      `${name} is ${view?.state ?? "missing"} behind the hub, not ready after ${seconds} s${view?.lastError ? `: ${view.lastError}` : ""}`,
      `see its log (mcp-hub server logs ${name}); fix what it says (a secret, an argument, a folder Docker does not share), then run the plan again for ${name}`,
    );
  }

  const complete = (tools: ToolView[]) => {
    const names = new Set(tools.map((t) => t.name));
    if (expected) return expected.every((tool) => names.has(tool)) ? tools : undefined;
    return tools.length ? tools : undefined;
  };
  const tools = await until(control, () => complete(control.tools(name)), left(), ctx.signal);
  if (!tools) {
    const listed = control.tools(name).map((t) => t.name);
    const missing = (expected ?? []).filter((tool) => !listed.includes(tool));
    throw new StepFailure(
      missing.length
        ? `the hub does not list ${missing.join(", ")} of ${name}, which its test container listed`
        : `${name} lists no tools through the hub`,
      `see its log (mcp-hub server logs ${name}), then run the plan again for ${name}`,
    );
  }
  const stray = tools.filter((t) => t.namespacedName !== `${name}__${t.name}`);
  if (stray.length)
    throw new StepFailure(
      `the hub lists ${stray.map((t) => t.namespacedName).join(", ")} for ${name}, not as ${name}__<tool>`,
      "report this: the hub names every tool <server>__<tool>",
    );

  try {
    await control.ping(name, Math.max(PING_MIN_MS, left()));
  } catch (error) {
    throw new StepFailure(
      `${name} did not answer a ping through the hub: ${errorMessage(error)}`,
      `see its log (mcp-hub server logs ${name}), then run the plan again for ${name}`,
    );
  }
  ctx.log("validate", `ready; ${tools.length} tool(s) listed as ${name}__…; ping answered`);
}

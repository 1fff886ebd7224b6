import type Dockerode from "dockerode";
import { ToolFailure } from "../toolKit.js";
import type { Condition } from "./plan.js";

/** How often a deploy looks at the containers it waits for. */
const POLL_MS = 500;
/** How long a service without a healthcheck must have run for a deploy to count it as up. */
const SETTLE_MS = 2_000;

export type Readiness = "ready" | "waiting" | { failed: string };

/** A container that will not become ready: it exited, died or turned unhealthy. */
export class ContainerFailed extends ToolFailure {
  override readonly name = "ContainerFailed";
  constructor(
    readonly container: string,
    reason: string,
  ) {
    super(`${container} ${reason}`);
  }
}

/**
 * Whether a container meets a condition now: running for service_started, healthy for service_healthy, exited with 0
 * for service_completed_successfully; "settled" (the end of a deploy) is healthy, or without a healthcheck running
 * for SETTLE_MS. A container that died, or turned unhealthy, fails.
 */
export function readiness(
  info: Dockerode.ContainerInspectInfo,
  condition: Condition | "settled",
  now = Date.now(),
): Readiness {
  const state = info.State;
  if (condition === "service_completed_successfully") {
    if (state.Status === "exited")
      return state.ExitCode === 0 ? "ready" : { failed: `exited with code ${state.ExitCode}` };
    return "waiting";
  }
  if (state.Status === "exited" || state.Status === "dead")
    return state.Restarting
      ? "waiting"
      : { failed: `${state.Status} with code ${state.ExitCode}${state.Error ? `: ${state.Error}` : ""}` };
  if (!state.Running) return "waiting";
  const health = state.Health?.Status;
  if (condition === "service_started") return "ready";
  if (health === "unhealthy") return { failed: `unhealthy: ${lastProbe(info)}` };
  // "settled", the end of a deploy: healthy where there is a healthcheck; else running for a moment, so that a
  // container that fails at once (a bad command, a missing file) fails the deploy instead of passing it.
  if (health === undefined) return now - Date.parse(state.StartedAt) >= SETTLE_MS ? "ready" : "waiting";
  return health === "healthy" ? "ready" : "waiting";
}

const lastProbe = (info: Dockerode.ContainerInspectInfo) =>
  info.State.Health?.Log?.at(-1)?.Output?.trim().slice(0, 500) || "no output from the health check";

/**
 * Waits until every container meets its condition, the deadline passes or the signal aborts; `onChange` hears each
 * container's state as it changes (for progress notifications).
 */
export async function waitFor(
  docker: Dockerode,
  targets: { name: string; condition: Condition | "settled" }[],
  options: { deadline: number; signal: AbortSignal; onChange?: (name: string, state: string) => void },
): Promise<void> {
  const seen = new Map<string, string>();
  for (;;) {
    options.signal.throwIfAborted();
    const pending: string[] = [];
    for (const target of targets) {
      const info = await docker.getContainer(target.name).inspect({ abortSignal: options.signal });
      const state = `${info.State.Status}${info.State.Health ? ` (${info.State.Health.Status})` : ""}`;
      if (seen.get(target.name) !== state) {
        seen.set(target.name, state);
        options.onChange?.(target.name, state);
      }
      const ready = readiness(info, target.condition);
      if (typeof ready === "object") throw new ContainerFailed(target.name, ready.failed);
      if (ready === "waiting") pending.push(`${target.name} (${state})`);
    }
    if (!pending.length) return;
    if (Date.now() > options.deadline) throw new ToolFailure(`timed out waiting for ${pending.join(", ")}`);
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, POLL_MS);
      options.signal.addEventListener("abort", () => (clearTimeout(timer), resolve()), { once: true });
    });
  }
}

import type Dockerode from "dockerode";
import { statusCodeOf } from "../../runtime/index.js";
import { ToolFailure, type ToolCall } from "./toolKit.js";

/** One line of the JSON progress the engine streams for pulls, pushes and builds. */
interface EngineEvent {
  status?: string;
  id?: string;
  progress?: string;
  stream?: string;
  error?: string;
  errorDetail?: { message?: string };
  aux?: { ID?: string; Digest?: string };
}

/** Progress-bar notifications at most this often: a pull's engine events come by the hundred per second. */
const PROGRESS_EVERY_MS = 250;

/**
 * Reads an engine progress stream to its end, relaying its lines as progress notifications, and stops it when the
 * call is cancelled. Errors inside the stream (a bad tag, a failed RUN step) reject with the engine's message.
 * Resolves with every event, so callers can read build output and image ids.
 */
export async function followEngine(
  call: ToolCall,
  stream: NodeJS.ReadableStream,
  what: string,
): Promise<EngineEvent[]> {
  const events: EngineEvent[] = [];
  let last = 0;
  const onAbort = () => (stream as { destroy?: () => void }).destroy?.();
  call.signal.addEventListener("abort", onAbort, { once: true });
  try {
    await new Promise<void>((resolve, reject) =>
      call.docker.modem.followProgress(
        stream,
        (error: Error | null) => (error ? reject(error) : resolve()),
        (event: EngineEvent) => {
          events.push(event);
          const line =
            event.stream?.trim() || [event.id, event.status, event.progress].filter(Boolean).join(" ");
          if (!line) return;
          // Progress bars (a pull's layers) come by the hundred per second; steps and statuses are few.
          const now = Date.now();
          if (event.progress && now - last < PROGRESS_EVERY_MS) return;
          last = now;
          call.progress(`${what}: ${line}`, events.length);
        },
      ),
    );
  } finally {
    call.signal.removeEventListener("abort", onAbort);
  }
  call.signal.throwIfAborted();
  const failed = events.find((e) => e.error || e.errorDetail?.message);
  if (failed) throw new Error(failed.errorDetail?.message ?? failed.error);
  return events;
}

/** Pulls `ref` with progress; "nginx" means "nginx:latest", as the docker CLI has it. */
export async function pull(call: ToolCall, ref: string, platform?: string): Promise<void> {
  const stream = (await call.docker.pull(withTag(ref), {
    ...(platform ? { platform } : {}),
    abortSignal: call.signal,
  })) as NodeJS.ReadableStream;
  await followEngine(call, stream, `pull ${ref}`);
}

/** The image exists here afterwards: already, or pulled now (never when `policy` is "never"). */
export async function ensureImage(
  call: ToolCall,
  ref: string,
  policy: "missing" | "always" | "never" = "missing",
): Promise<"present" | "pulled"> {
  if (policy !== "always" && (await hasImage(call.docker, ref))) return "present";
  if (policy === "never") throw new ToolFailure(`image ${ref} is not on this engine and pull is "never"`);
  await pull(call, ref);
  return "pulled";
}

export async function hasImage(docker: Dockerode, ref: string): Promise<boolean> {
  try {
    await docker.getImage(ref).inspect();
    return true;
  } catch (error) {
    if (statusCodeOf(error) === 404) return false;
    throw error;
  }
}

/** A reference without a tag or digest gets ":latest". */
export function withTag(ref: string): string {
  const lastPart = ref.slice(ref.lastIndexOf("/") + 1);
  return ref.includes("@") || lastPart.includes(":") ? ref : `${ref}:latest`;
}

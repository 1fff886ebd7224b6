import type { MigrationStep, PlannedServer } from "@mcp-hub/contracts";
import { errorMessage } from "../errors/index.js";

/** A step's failure whose reason and fix are already known (a missing secret, a name taken, …). */
export class StepFailure extends Error {
  constructor(
    readonly reason: string,
    readonly fix: string,
  ) {
    super(reason);
  }
}

export interface Failure {
  reason: string;
  fix: string;
}

const DISK_FULL = /ENOSPC|no space left on device/i;
const PORT_TAKEN = /port is already allocated|address already in use|EADDRINUSE/i;
const UNREACHABLE = /ECONNREFUSED|connection refused|ECONNRESET|EHOSTUNREACH|ENOTFOUND|socket hang up/i;
const TIMED_OUT = /timed? ?out|ETIMEDOUT|AbortError|aborted/i;

/**
 * What went wrong in a step, said for the user: the server, the cause, and what to do. Engine and registry errors
 * are recognised by their usual words (ENOSPC from a build, a refused connection to the registry, a port taken).
 */
export function explainFailure(step: MigrationStep, server: PlannedServer, error: unknown): Failure {
  if (error instanceof StepFailure) return { reason: error.reason, fix: error.fix };
  const name = server.name;
  const message = errorMessage(error);
  const again = `then run the plan again for ${name}`;
  if (DISK_FULL.test(message))
    return {
      reason: `the Docker engine ran out of disk space during the ${step} of ${name} (${message})`,
      fix: `free disk space (docker system prune, or a larger disk under Docker Desktop → Settings → Resources), ${again}`,
    };
  if (PORT_TAKEN.test(message))
    return {
      reason: `a port ${name} needs is in use (${message})`,
      fix: `free the port, or choose another registry port in Settings, ${again}`,
    };
  switch (step) {
    case "build":
    case "push":
      if (UNREACHABLE.test(message) && /registry|push|127\.0\.0\.1:\d+/i.test(message))
        return {
          reason: `the local registry did not take the image of ${name} (${message})`,
          fix: `check that the registry runs (Settings → Registry, or docker ps --filter name=mcp-hub-registry), ${again}`,
        };
      return {
        reason: `the image of ${name} did not ${step === "push" ? "reach the local registry" : "build"}: ${message}`,
        fix: `read the build log above: a package that needs system libraries or build tools may need another base image (Settings); ${again}`,
      };
    case "handshake":
      return {
        reason: `${name} did not answer initialize and tools/list in a test container: ${message}`,
        fix: TIMED_OUT.test(message)
          ? `it may need more time or a secret it lacks: check it starts without its client (its arguments and environment), ${again}`
          : `check its arguments and secrets (mcp-hub secret ls), ${again}`,
      };
    case "deploy":
      return {
        reason: `the hub could not add ${name}: ${message}`,
        fix: `fix what the message names (a name taken: choose another in the plan), ${again}`,
      };
    case "validate":
      return {
        reason: `${name} runs behind the hub but did not pass the checks: ${message}`,
        fix: `see its log (mcp-hub server logs ${name} shows it while it runs), ${again}`,
      };
    default:
      return { reason: `${step} of ${name} failed: ${message}`, fix: again };
  }
}

/** A text with every known secret value replaced, before it reaches an event, a log line or a report. */
export function scrub(text: string, values: Iterable<string>): string {
  let out = text;
  for (const value of [...values].filter((v) => v.length >= 4).sort((a, b) => b.length - a.length))
    out = out.replaceAll(value, "[secret]");
  return out;
}

import { stripVTControlCharacters } from "node:util";
import Dockerode from "dockerode";
import type { Logger } from "pino";
import { statusCodeOf } from "./dockerApi.js";
import { ImageBuildFailed, type ImageEngine, type ImageSummary } from "../images.js";

/** One message of the engine's JSON progress stream (build, push). */
interface ProgressEvent {
  stream?: string;
  status?: string;
  progress?: string;
  id?: string;
  error?: string;
  errorDetail?: { message?: string; code?: number };
  aux?: { ID?: string };
}

/** Output lines kept to explain a failed step. */
const FAILED_STEP_LINES = 15;
/** Rounds of removing the leaves of a build's intermediate images (each round takes their untagged parents too). */
const REMOVE_ROUNDS = 5;

/** repository:tag → repository and tag (the tag is after the last colon that follows the last slash). */
function splitTag(ref: string): { repo: string; tag: string } {
  const at = ref.lastIndexOf(":");
  return at > ref.lastIndexOf("/")
    ? { repo: ref.slice(0, at), tag: ref.slice(at + 1) }
    : { repo: ref, tag: "latest" };
}

const labelFilter = (labels: Record<string, string>) => Object.entries(labels).map(([k, v]) => `${k}=${v}`);

/**
 * Reads a progress stream to its end with dockerode's followProgress, passing each line on; resolves with the events.
 * The engine reports a failure inside the stream (`error`), not as an HTTP status; an aborted request ends the stream
 * early, so the signal is checked after it ends.
 */
function follow(
  docker: Dockerode,
  stream: NodeJS.ReadableStream,
  signal: AbortSignal,
  onEvent: (event: ProgressEvent) => void,
): Promise<ProgressEvent[]> {
  return new Promise((resolve, reject) => {
    docker.modem.followProgress(
      stream,
      (error: Error | null, events: ProgressEvent[]) => {
        if (signal.aborted) reject(signal.reason);
        else if (error) reject(error);
        else resolve(events);
      },
      onEvent,
    );
  });
}

/** The engine colours a step's stderr: plain lines for logs and errors. */
function lines(text: string): string[] {
  return stripVTControlCharacters(text)
    .split(/\r?\n/)
    .map((line) => line.trimEnd())
    .filter(Boolean);
}

/** The builder's own bookkeeping, not a step's output. */
const BOOKKEEPING = /^(?: ---> |Removing intermediate container |Successfully (?:built|tagged) )/;

/** The engine's image API over dockerode: the only place besides dockerRuntime.ts that talks to it. */
export function createDockerImages(options: { docker?: Dockerode; log: Logger }): ImageEngine {
  const docker = options.docker ?? new Dockerode();
  const log = options.log.child({ mod: "images" });

  const toSummary = (info: Dockerode.ImageInfo): ImageSummary => ({
    id: info.Id,
    tags: (info.RepoTags ?? []).filter((t) => t !== "<none>:<none>"),
    labels: info.Labels ?? {},
  });

  async function find(labels: Record<string, string>, { all = false } = {}): Promise<ImageSummary[]> {
    const found = await docker.listImages({ all, filters: { label: labelFilter(labels) } });
    return found.map(toSummary);
  }

  return {
    async build(build) {
      const stream = await docker.buildImage(build.context, {
        t: build.tag,
        labels: build.labels,
        buildargs: build.buildArgs,
        networkmode: build.network ?? "default",
        // Intermediate containers go, also when a step fails: a failed step must not leave a container behind.
        rm: true,
        forcerm: true,
        abortSignal: build.signal,
      });
      let step: string | undefined;
      let output: string[] = [];
      let id: string | undefined;
      let failure: ProgressEvent | undefined;
      await follow(docker, stream, build.signal, (event) => {
        if (event.aux?.ID) id = event.aux.ID;
        if (event.error) failure = event;
        const text = event.stream ?? (event.status && !event.progress ? event.status : undefined);
        for (const line of lines(text ?? "")) {
          if (/^Step \d+\/\d+ : /.test(line)) {
            step = line;
            output = [];
          } else if (!BOOKKEEPING.test(line)) output = [...output.slice(-(FAILED_STEP_LINES - 1)), line];
          build.onLog(line);
        }
      });
      if (failure) {
        const reason = failure.errorDetail?.message ?? failure.error ?? "the build failed";
        throw new ImageBuildFailed(reason, step, failure.errorDetail?.code, output);
      }
      const built = id ?? (await docker.getImage(build.tag).inspect()).Id;
      log.info({ image: build.tag, id: built }, "built image");
      return built;
    },

    find,

    async inspect(ref) {
      try {
        const info = await docker.getImage(ref).inspect();
        return { id: info.Id, tags: info.RepoTags ?? [], labels: info.Config?.Labels ?? {} };
      } catch (error) {
        if (statusCodeOf(error) === 404) return undefined;
        throw error;
      }
    },

    async tag(source, target) {
      await docker.getImage(source).tag(splitTag(target));
    },

    async push(ref, { signal, onLog }) {
      const { repo, tag } = splitTag(ref);
      // The engine wants an X-Registry-Auth header even for a registry without auth: an empty one.
      const stream = (await docker
        .getImage(repo)
        .push({ tag, authconfig: {}, abortSignal: signal })) as NodeJS.ReadableStream;
      let failure: string | undefined;
      await follow(docker, stream, signal, (event) => {
        if (event.error) failure = event.errorDetail?.message ?? event.error;
        else if (event.status && !event.progress)
          onLog(event.id ? `${event.id}: ${event.status}` : event.status);
      });
      if (failure) throw new Error(failure);
      log.info({ image: ref }, "pushed image");
    },

    async remove(ref) {
      try {
        await docker.getImage(ref).remove();
        return "removed";
      } catch (error) {
        const status = statusCodeOf(error);
        if (status === 404) return "missing";
        if (status === 409) return "in-use";
        throw error;
      }
    },

    async removeLabelled(labels) {
      // Removing an image that has children fails; removing a leaf takes its untagged parents with it.
      for (let round = 0; round < REMOVE_ROUNDS; round++) {
        const found = await docker.listImages({ all: true, filters: { label: labelFilter(labels) } });
        if (!found.length) return 0;
        const parents = new Set(found.map((image) => image.ParentId));
        for (const leaf of found.filter((image) => !parents.has(image.Id))) {
          await docker
            .getImage(leaf.Id)
            .remove()
            .catch((error: unknown) => {
              if (![404, 409].includes(statusCodeOf(error) ?? -1)) throw error;
            });
        }
      }
      return (await find(labels, { all: true })).length;
    },
  };
}

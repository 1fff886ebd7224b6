/** The engine's image calls the hub makes when it packages servers: build, find, tag, push, remove. */

export interface ImageBuild {
  /** The build context as a tar stream, its Dockerfile at the root. */
  context: NodeJS.ReadableStream;
  /** The name the built image gets (repository:tag). */
  tag: string;
  /** Labels of the built image; the engine puts them on the last stage only. */
  labels: Record<string, string>;
  /** Build arguments the Dockerfile declares (never secrets: the engine keeps them in the image history). */
  buildArgs?: Record<string, string>;
  /** "none" when the build downloads nothing. */
  network?: "default" | "none";
  /** Ends the build (the engine stops its running step when the request closes). */
  signal: AbortSignal;
  /** Each line of the engine's build output. */
  onLog(line: string): void;
}

export interface ImageSummary {
  id: string;
  /** repository:tag names the engine knows it by. */
  tags: string[];
  labels: Record<string, string>;
}

/** Why a build failed: the engine's message, the step that failed, its exit code and its last output lines. */
export class ImageBuildFailed extends Error {
  constructor(
    readonly reason: string,
    readonly step: string | undefined,
    readonly exitCode: number | undefined,
    readonly output: string[],
  ) {
    super(step ? `${step}: ${reason}` : reason);
  }
}

export interface ImageEngine {
  /** Builds and tags the image; resolves with its id. Rejects with ImageBuildFailed, or the signal's reason. */
  build(build: ImageBuild): Promise<string>;
  /** Images carrying every one of these labels; `all` includes the intermediate images of builds. */
  find(labels: Record<string, string>, options?: { all?: boolean }): Promise<ImageSummary[]>;
  /** undefined when the engine has no such image. */
  inspect(ref: string): Promise<ImageSummary | undefined>;
  /** Gives the image `source` (id or name) the name `target` (repository:tag). */
  tag(source: string, target: string): Promise<void>;
  /** Pushes one tag (repository:tag) to its registry; rejects with the registry's or engine's message. */
  push(ref: string, options: { signal: AbortSignal; onLog(line: string): void }): Promise<void>;
  /** Removes a name (the image too when it was its last); "in-use" when a container still holds it. */
  remove(ref: string): Promise<"removed" | "missing" | "in-use">;
  /** Removes every image carrying these labels, intermediate ones included; resolves with how many remain. */
  removeLabelled(labels: Record<string, string>): Promise<number>;
}

import type { Duplex, Writable } from "node:stream";
import type Dockerode from "dockerode";

/**
 * The narrow port to the Engine: only the calls the runtime makes, so unit tests fake this instead of a daemon
 * (toolhive's `dockerAPI`). "Not found" and "already done" answers are folded into values here, once.
 */
export interface DockerApi {
  listContainers(filters: Record<string, string[]>): Promise<Dockerode.ContainerInfo[]>;
  /** undefined when the container does not exist. */
  inspectContainer(id: string): Promise<Dockerode.ContainerInspectInfo | undefined>;
  createContainer(options: Dockerode.ContainerCreateOptions): Promise<string>;
  startContainer(id: string): Promise<void>;
  /** Tolerates a container that is already stopped or gone. */
  stopContainer(id: string, timeoutSeconds: number): Promise<void>;
  /** Force-removes; tolerates a container that is already gone. */
  removeContainer(id: string): Promise<void>;
  /** Resolves with the exit code once the container stops. */
  waitContainer(id: string): Promise<number>;
  /** Hijacked attach of stdin/stdout/stderr; the stream is Docker's multiplexed framing. */
  attachContainer(id: string): Promise<Duplex>;
  /** Creates and starts an exec with stdin attached; the stream is multiplexed like attach. */
  execContainer(id: string, options: { argv: string[]; env: string[] }): Promise<Duplex>;
  demux(stream: Duplex, stdout: Writable, stderr: Writable): void;
  /** Multiplexed stdout+stderr of a non-TTY container. */
  containerLogs(id: string, tail: number): Promise<Buffer>;
  networkNames(): Promise<string[]>;
  /** Tolerates the 409 of a network created concurrently. */
  createNetwork(options: { name: string; internal: boolean }): Promise<void>;
  hasImage(ref: string): Promise<boolean>;
  /** Pulls and resolves once the engine reports the pull finished (its progress stream ends). */
  pullImage(ref: string): Promise<void>;
}

/** The HTTP status a failed engine call carries (dockerode's `statusCode`), if it carries one. */
export function statusCodeOf(error: unknown): number | undefined {
  return typeof error === "object" && error !== null && "statusCode" in error
    ? Number(error.statusCode)
    : undefined;
}

async function tolerate(statuses: number[], action: () => Promise<unknown>): Promise<void> {
  try {
    await action();
  } catch (error) {
    if (!statuses.includes(statusCodeOf(error) ?? -1)) throw error;
  }
}

/** The real port over dockerode. */
export function toDockerApi(docker: Dockerode): DockerApi {
  return {
    listContainers: (filters) => docker.listContainers({ all: true, filters }),
    async inspectContainer(id) {
      try {
        return await docker.getContainer(id).inspect();
      } catch (error) {
        if (statusCodeOf(error) === 404) return undefined;
        throw error;
      }
    },
    async createContainer(options) {
      return (await docker.createContainer(options)).id;
    },
    async startContainer(id) {
      await tolerate([304], () => docker.getContainer(id).start());
    },
    stopContainer: (id, t) => tolerate([304, 404], () => docker.getContainer(id).stop({ t })),
    // v: its anonymous volumes go with it (a new container never sees them again); named volumes stay.
    removeContainer: (id) =>
      tolerate([404, 409], () => docker.getContainer(id).remove({ force: true, v: true })),
    async waitContainer(id) {
      const result = (await docker.getContainer(id).wait()) as { StatusCode?: number };
      return result.StatusCode ?? -1;
    },
    async attachContainer(id) {
      const stream = await docker
        .getContainer(id)
        .attach({ stream: true, stdin: true, stdout: true, stderr: true, hijack: true });
      return stream as Duplex;
    },
    async execContainer(id, { argv, env }) {
      const exec = await docker.getContainer(id).exec({
        Cmd: argv,
        Env: env,
        AttachStdin: true,
        AttachStdout: true,
        AttachStderr: true,
        Tty: false,
      });
      return (await exec.start({ hijack: true, stdin: true })) as Duplex;
    },
    demux: (stream, stdout, stderr) => docker.modem.demuxStream(stream, stdout, stderr),
    async containerLogs(id, tail) {
      return docker.getContainer(id).logs({ stdout: true, stderr: true, tail, follow: false });
    },
    async networkNames() {
      return (await docker.listNetworks()).map((network) => network.Name);
    },
    createNetwork: ({ name, internal }) =>
      tolerate([409], () =>
        docker.createNetwork({
          Name: name,
          Driver: "bridge",
          Internal: internal,
          CheckDuplicate: true,
          Labels: { "mcp-hub.network": "true" },
        }),
      ),
    async hasImage(ref) {
      try {
        await docker.getImage(ref).inspect();
        return true;
      } catch (error) {
        if (statusCodeOf(error) === 404) return false;
        throw error;
      }
    },
    async pullImage(ref) {
      const stream = (await docker.pull(ref)) as NodeJS.ReadableStream;
      // The pull runs as long as its progress stream is read; errors (e.g. unknown tag) arrive in that stream.
      await new Promise<void>((resolve, reject) =>
        docker.modem.followProgress(stream, (error: Error | null) => (error ? reject(error) : resolve())),
      );
    },
  };
}

import Dockerode from "dockerode";
import type { Logger } from "pino";
import { toHostConfig } from "../hostConfig.js";
import { configHash, toLabels } from "../labels.js";
import {
  LABELS,
  NETWORKS,
  type ContainerRuntime,
  type DeployResult,
  type WorkloadInfo,
  type WorkloadSpec,
} from "../types.js";
import { toDockerApi, type DockerApi } from "./dockerApi.js";
import { ensureService, runTask, stopService } from "./service.js";
import { demuxBuffer, toStdioStreams } from "./streams.js";
import { fromInspect, fromSummary } from "./workloadInfo.js";

export interface DockerRuntimeOptions {
  docker?: Dockerode;
  /** A fake port for unit tests; wins over `docker`. */
  api?: DockerApi;
  log: Logger;
  /** Container name = prefix + server name. */
  containerPrefix?: string;
  /**
   * Extra label selector applied to list/deploy/removeOrphans, e.g. { "mcp-hub.test": runId }: tests sharing an
   * engine see only their own containers, so orphan cleanup cannot remove a neighbour's.
   */
  selector?: Record<string, string>;
}

const STOP_TIMEOUT_S = 10; // SIGTERM grace before SIGKILL; MCP servers hold no state worth a longer wait

export function createDockerRuntime(options: DockerRuntimeOptions): ContainerRuntime {
  const api = options.api ?? toDockerApi(options.docker ?? new Dockerode());
  const log = options.log.child({ mod: "runtime" });
  const prefix = options.containerPrefix ?? "mcp-";
  const selector = Object.entries(options.selector ?? {}).map(([k, v]) => `${k}=${v}`);
  let networksReady: Promise<void> | undefined;

  const listLabelled = async (extra: string[]): Promise<WorkloadInfo[]> =>
    (await api.listContainers({ label: [LABELS.server, ...selector, ...extra] })).map(fromSummary);

  async function ensureNetworks(): Promise<void> {
    const existing = new Set(await api.networkNames());
    for (const [name, internal] of [
      [NETWORKS.public, false],
      [NETWORKS.internal, true],
    ] as const) {
      if (existing.has(name)) continue;
      await api.createNetwork({ name, internal });
      log.info({ network: name, internal }, "created network");
    }
  }

  /** Managed containers that hold this server's name or label: candidates for adoption or replacement. */
  async function previous(spec: WorkloadSpec, name: string): Promise<WorkloadInfo[]> {
    const byLabel = await listLabelled([`${LABELS.server}=${spec.server}`, `${LABELS.managed}=true`]);
    const byName = (await api.listContainers({ name: [`^/${name}$`] })).map(fromSummary);
    const foreign = byName.find((w) => !w.managed);
    if (foreign)
      throw new Error(`container "${name}" exists and was not created by the hub; rename or remove it`);
    const seen = new Map(byLabel.map((w) => [w.id, w]));
    for (const w of byName) seen.set(w.id, w);
    return [...seen.values()];
  }

  async function deploy(spec: WorkloadSpec): Promise<DeployResult> {
    const name = `${prefix}${spec.server}`;
    const hash = configHash(spec);
    const candidates = await previous(spec, name);
    const adoptable = candidates.find(
      (w) => w.name === name && w.state === "running" && w.configHash === hash,
    );
    if (adoptable) {
      log.info({ server: spec.server, id: adoptable.id }, "adopted running container");
      return { status: "adopted", workload: (await inspect(adoptable.id)) ?? adoptable };
    }
    for (const old of candidates) {
      log.info({ server: spec.server, id: old.id, state: old.state }, "replacing container");
      await api.removeContainer(old.id);
    }
    if (spec.profile.network !== "none") {
      networksReady ??= ensureNetworks().catch((error: unknown) => {
        networksReady = undefined;
        throw error;
      });
      await networksReady;
    }
    // An image removed since the server was added is pulled again rather than failing every restart.
    await ensureImage(spec.image);
    const stdio = spec.transport === "stdio";
    // Secrets live in Env only: never in Cmd/Entrypoint (visible in `ps`), never in a log line.
    const env = Object.entries({ ...spec.env, ...spec.secretEnv }).map(([k, v]) => `${k}=${v}`);
    const id = await api.createContainer({
      name,
      Image: spec.image,
      ...(spec.entrypoint ? { Entrypoint: spec.entrypoint } : {}),
      ...(spec.command ? { Cmd: spec.command } : {}),
      Env: env,
      User: spec.profile.user,
      Labels: toLabels(spec, hash),
      OpenStdin: stdio,
      AttachStdin: stdio,
      AttachStdout: true,
      AttachStderr: true,
      // The container must outlive any one attach connection (a restarted hub re-attaches: ADR 0012).
      StdinOnce: false,
      Tty: false,
      HostConfig: toHostConfig(spec.profile),
    });
    try {
      await api.startContainer(id);
    } catch (error) {
      await api.removeContainer(id);
      throw error;
    }
    log.info({ server: spec.server, id, image: spec.image }, "created container");
    const workload = await inspect(id);
    if (!workload) throw new Error(`container ${name} vanished right after it started`);
    return { status: "created", workload };
  }

  async function ensureImage(ref: string): Promise<"present" | "pulled"> {
    if (await api.hasImage(ref)) return "present";
    log.info({ image: ref }, "pulling image");
    await api.pullImage(ref);
    return "pulled";
  }

  async function inspect(id: string): Promise<WorkloadInfo | undefined> {
    const info = await api.inspectContainer(id);
    return info ? fromInspect(info) : undefined;
  }

  return {
    ensureNetworks,
    deploy,
    inspect,
    async attach(id) {
      return toStdioStreams(api, await api.attachContainer(id));
    },
    async exec(id, argv, env = {}) {
      const socket = await api.execContainer(id, {
        argv,
        env: Object.entries(env).map(([k, v]) => `${k}=${v}`),
      });
      return toStdioStreams(api, socket);
    },
    async processArgv(id) {
      const info = await api.inspectContainer(id);
      if (!info) throw new Error(`no container ${id}`);
      const argv = [...(info.Config.Entrypoint ?? []), ...(info.Config.Cmd ?? [])];
      return argv.length ? argv : [info.Path, ...info.Args];
    },
    list: () => listLabelled([]),
    waitExit: (id) => api.waitContainer(id),
    stop: (id, timeoutSeconds = STOP_TIMEOUT_S) => api.stopContainer(id, timeoutSeconds),
    async remove(id) {
      await api.removeContainer(id);
    },
    async logs(id, tail) {
      return demuxBuffer(await api.containerLogs(id, tail));
    },
    async removeOrphans(keepServers) {
      const keep = new Set(keepServers);
      const orphans = (await listLabelled([`${LABELS.managed}=true`])).filter((w) => !keep.has(w.server));
      for (const orphan of orphans) {
        log.info({ server: orphan.server, id: orphan.id }, "removing orphaned container");
        await api.removeContainer(orphan.id);
      }
      return orphans.map((w) => w.name);
    },
    ensureService: (spec) => ensureService(api, log, spec),
    stopService: (name) => stopService(api, name),
    runTask: (spec) => runTask(api, spec),
    async removeLabelled(labels) {
      const found = await api.listContainers({ label: Object.entries(labels).map(([k, v]) => `${k}=${v}`) });
      for (const container of found) await api.removeContainer(container.Id);
      return found.length;
    },
    ensureImage,
  };
}

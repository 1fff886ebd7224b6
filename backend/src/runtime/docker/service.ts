import { createHash } from "node:crypto";
import type { Logger } from "pino";
import { LABELS, type ServiceResult, type ServiceSpec, type TaskSpec } from "../types.js";
import { statusCodeOf, type DockerApi } from "./dockerApi.js";
import { demuxBuffer } from "./streams.js";

/** What shapes the service's container; a change replaces it (its named volumes stay). Env values enter hashed. */
function serviceHash(spec: ServiceSpec): string {
  const { labels: _labels, ...shape } = spec;
  return createHash("sha256").update(JSON.stringify(shape)).digest("hex");
}

/**
 * Finds the service's container by name (the name is the identity: a hub restart must not duplicate it), starts it
 * if stopped, replaces it if its spec changed (a new port, say), else creates it, pulling the image first when the
 * engine lacks it.
 */
export async function ensureService(api: DockerApi, log: Logger, spec: ServiceSpec): Promise<ServiceResult> {
  const hash = serviceHash(spec);
  const existing = await api.inspectContainer(spec.name);
  if (existing && existing.Config.Labels?.[LABELS.configHash] === hash) {
    if (existing.State.Running) return { status: "running", id: existing.Id };
    await api.startContainer(existing.Id);
    log.info({ service: spec.name, id: existing.Id }, "started existing service container");
    return { status: "started", id: existing.Id };
  }
  if (existing) {
    log.info({ service: spec.name, id: existing.Id }, "replacing service container: its spec changed");
    await api.removeContainer(existing.Id);
  }
  if (!(await api.hasImage(spec.image))) {
    log.info({ service: spec.name, image: spec.image }, "pulling service image");
    await api.pullImage(spec.image);
  }
  let id: string;
  try {
    id = await api.createContainer({
      name: spec.name,
      Image: spec.image,
      Labels: { ...spec.labels, [LABELS.configHash]: hash },
      Env: Object.entries(spec.env ?? {}).map(([k, v]) => `${k}=${v}`),
      ExposedPorts: Object.fromEntries(spec.ports.map((p) => [`${p.containerPort}/tcp`, {}])),
      HostConfig: {
        PortBindings: Object.fromEntries(
          spec.ports.map((p) => [
            `${p.containerPort}/tcp`,
            [{ HostIp: p.hostIp, HostPort: String(p.hostPort) }],
          ]),
        ),
        Binds: Object.entries(spec.volumes).map(([volume, target]) => `${volume}:${target}`),
        NetworkMode: spec.network,
        RestartPolicy: { Name: "unless-stopped" },
      },
    });
  } catch (error) {
    // Another hub created it between our inspect and create: use theirs.
    if (statusCodeOf(error) !== 409) throw error;
    return ensureService(api, log, spec);
  }
  try {
    await api.startContainer(id);
  } catch (error) {
    // A container that cannot start (e.g. port taken) would block the name for the next attempt.
    await api.removeContainer(id);
    throw error;
  }
  log.info({ service: spec.name, id, image: spec.image }, "created service container");
  return { status: "created", id };
}

export async function stopService(api: DockerApi, name: string): Promise<void> {
  const existing = await api.inspectContainer(name);
  if (existing?.State.Running) await api.stopContainer(existing.Id, 30);
}

export async function runTask(api: DockerApi, spec: TaskSpec): Promise<{ exitCode: number; output: string }> {
  const id = await api.createContainer({
    name: spec.name,
    Image: spec.image,
    Entrypoint: spec.entrypoint,
    Cmd: spec.command,
    Labels: spec.labels,
    HostConfig: {
      Binds: Object.entries(spec.volumes).map(([volume, target]) => `${volume}:${target}`),
      NetworkMode: "none",
    },
  });
  try {
    await api.startContainer(id);
    // Waiting on a container that has already exited answers at once with its code: nothing is missed.
    const exitCode = await api.waitContainer(id);
    return { exitCode, output: demuxBuffer(await api.containerLogs(id, 1000)) };
  } finally {
    await api.removeContainer(id);
  }
}

import type { Logger } from "pino";
import type { ServiceResult, ServiceSpec } from "../types.js";
import type { DockerApi } from "./dockerApi.js";

const isConflict = (error: unknown) =>
  typeof error === "object" && error !== null && "statusCode" in error && Number(error.statusCode) === 409;

/**
 * Finds the service's container by name (the name is the identity: a hub restart must not duplicate it), starts it
 * if stopped, else creates it, pulling the image first when the engine lacks it.
 */
export async function ensureService(api: DockerApi, log: Logger, spec: ServiceSpec): Promise<ServiceResult> {
  const existing = await api.inspectContainer(spec.name);
  if (existing) {
    if (existing.State.Running) return { status: "running", id: existing.Id };
    await api.startContainer(existing.Id);
    log.info({ service: spec.name, id: existing.Id }, "started existing service container");
    return { status: "started", id: existing.Id };
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
      Labels: spec.labels,
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
    if (!isConflict(error)) throw error;
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

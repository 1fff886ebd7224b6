import { randomBytes } from "node:crypto";
import type Dockerode from "dockerode";
import { contextHash } from "../buildContext.js";
import { createAndStart, hostAccessOf } from "../containerSpec.js";
import { ensureImage } from "../engineStreams.js";
import { buildImage } from "../imageTools.js";
import { CREATED, STACK } from "../labels.js";
import { allowHostAccess, dangersOf } from "../safety.js";
import { demuxBuffer } from "../streams.js";
import { confirmJoins, protectedJoinsOf } from "../targets.js";
import { Refusal, ToolFailure, type ToolCall } from "../toolKit.js";
import { dockerMessage } from "../results.js";
import { ContainerFailed, waitFor } from "./health.js";
import type { Condition, ServicePlan, StackPlan } from "./plan.js";

export interface DeployOptions {
  waitTimeoutMs: number;
  pull: "missing" | "always";
}

export type ServiceAction = "created" | "replaced" | "kept";

export interface DeployReport {
  stack: string;
  revision: number;
  services: {
    service: string;
    container: string;
    action: ServiceAction;
    image: string;
    imageSource: string;
  }[];
  removed: string[];
}

/** What this deploy created or set aside, so a failure can put everything back. */
interface Undo {
  networks: string[];
  volumes: string[];
  containers: string[];
  replaced: { name: string; parkedAs: string; id: string; wasRunning: boolean }[];
}

/** Log lines of a failing container shown in the error. */
const FAILURE_LOG_LINES = 20;

/**
 * Deploys a planned stack: networks and volumes, images (built or pulled), then each service in dependency order
 * once its dependencies meet their conditions, then waits until every service runs (and is healthy where it has a
 * healthcheck). Unchanged services keep their containers. On failure, everything this deploy created is removed and
 * the containers it replaced come back. Volumes that were there before are never removed.
 */
export async function deployStack(
  call: ToolCall,
  plan: StackPlan,
  options: DeployOptions,
): Promise<DeployReport> {
  const deadline = Date.now() + options.waitTimeoutMs;
  await allowHostAccess(
    plan.services.flatMap((s) =>
      dangersOf(hostAccessOf(s.spec), call.options.allowedHostPaths).map((d) => `${d} (${s.service})`),
    ),
    `stack ${plan.stack}`,
    call.options.mode,
    call.confirm,
  );
  const joins: string[] = [];
  for (const s of plan.services)
    joins.push(...(await protectedJoinsOf(call, s.spec)).map((join) => `${join} (${s.service})`));
  await confirmJoins(call, `stack ${plan.stack}`, joins);
  const existing = await call.docker.listContainers({
    all: true,
    filters: { label: [`${STACK.name}=${plan.stack}`] },
    abortSignal: call.signal,
  });
  const byService = new Map(existing.map((c) => [c.Labels[STACK.service]!, c]));
  const orphans = existing.filter((c) => !plan.services.some((s) => s.service === c.Labels[STACK.service]));
  const revision = Math.max(0, ...existing.map((c) => Number(c.Labels[STACK.revision]) || 0)) + 1;

  let step = 0;
  const progress = (message: string) => call.progress(`${plan.stack}: ${message}`, ++step);

  const images = new Map<string, { id: string; source: string }>();
  for (const service of plan.services)
    images.set(service.service, await ensureServiceImage(call, plan.stack, service, options.pull, progress));

  const actions = new Map<string, ServiceAction>();
  for (const service of plan.services) {
    const current = byService.get(service.service);
    const same =
      current &&
      current.Labels[STACK.hash] === service.hash &&
      current.ImageID === images.get(service.service)!.id;
    actions.set(service.service, !current ? "created" : same ? "kept" : "replaced");
  }
  const replacing = plan.services.filter((s) => actions.get(s.service) === "replaced").map((s) => s.service);
  if (replacing.length || orphans.length)
    await call.confirm(
      `Redeploy stack ${plan.stack}: ${[
        replacing.length ? `replace the containers of ${replacing.join(", ")}` : "",
        orphans.length
          ? `remove ${orphans.map((c) => c.Labels[STACK.service]).join(", ")} (no longer in the file)`
          : "",
      ]
        .filter(Boolean)
        .join(" and ")}; their containers' own files are lost, named volumes are kept`,
    );

  const undo: Undo = { networks: [], volumes: [], containers: [], replaced: [] };
  try {
    await ensureResources(call, plan, undo, progress);
    for (const service of plan.services) {
      await waitFor(
        call.docker,
        service.dependsOn.map((d) => ({ name: containerOf(plan, d.service), condition: d.condition })),
        {
          deadline,
          signal: call.signal,
          onChange: (name, state) => progress(`${name} is ${state}`),
        },
      );
      await startService(
        call,
        plan,
        service,
        actions.get(service.service)!,
        byService.get(service.service),
        revision,
        undo,
      );
      progress(`${service.service} ${actions.get(service.service)}`);
    }
    const oneShot = new Set(
      plan.services.flatMap((s) =>
        s.dependsOn.filter((d) => d.condition === "service_completed_successfully").map((d) => d.service),
      ),
    );
    await waitFor(
      call.docker,
      plan.services.map((s) => ({
        name: s.spec.name,
        condition: (oneShot.has(s.service) ? "service_completed_successfully" : "settled") as
          Condition | "settled",
      })),
      { deadline, signal: call.signal, onChange: (name, state) => progress(`${name} is ${state}`) },
    );
  } catch (error) {
    const logs = error instanceof ContainerFailed ? await lastLines(call.docker, error.container) : "";
    await rollBack(call.docker, undo);
    if (error instanceof Refusal || call.signal.aborted) throw error;
    const reason = error instanceof ToolFailure ? error.message : `Docker: ${dockerMessage(error)}`;
    throw new ToolFailure(
      `Deploy failed: ${reason}${logs ? `\nlast log lines of ${(error as ContainerFailed).container}:\n${logs}` : ""}\n` +
        "Rolled back: the stack is as it was before this deploy.",
      { cause: error },
    );
  }
  // Committed: what was replaced or left out of the file goes now.
  for (const old of undo.replaced)
    await call.docker
      .getContainer(old.id)
      .remove({ force: true, v: true })
      .catch(() => undefined);
  for (const orphan of orphans) await call.docker.getContainer(orphan.Id).remove({ force: true, v: true });
  progress("deployed");
  return {
    stack: plan.stack,
    revision,
    services: plan.services.map((s) => ({
      service: s.service,
      container: s.spec.name,
      action: actions.get(s.service)!,
      image: s.spec.image,
      imageSource: images.get(s.service)!.source,
    })),
    removed: orphans.map((c) => c.Labels[STACK.service]!),
  };
}

const containerOf = (plan: StackPlan, service: string) =>
  plan.services.find((s) => s.service === service)!.spec.name;

async function ensureServiceImage(
  call: ToolCall,
  stack: string,
  service: ServicePlan,
  pull: DeployOptions["pull"],
  progress: (message: string) => void,
): Promise<{ id: string; source: string }> {
  const image = service.spec.image;
  if (service.build) {
    const b = service.build;
    const hash = b.dockerfile
      ? contextHash({ dockerfile: b.dockerfile }, { ...b.args, target: b.target ?? "" })
      : contextHash(
          { dockerfile: `${b.contextUrl}\n${b.dockerfilePath ?? ""}` },
          { ...b.args, target: b.target ?? "" },
        );
    const current = await call.docker
      .getImage(image)
      .inspect()
      .catch(() => undefined);
    if (current?.Config.Labels?.[CREATED.buildHash] === hash)
      return (
        progress(`${service.service}: image ${image} is up to date`),
        { id: current.Id, source: "built before" }
      );
    progress(`${service.service}: building ${image}`);
    const built = await buildImage(
      call,
      {
        name: image,
        dockerfile: b.dockerfile,
        context_url: b.contextUrl,
        dockerfile_path: b.dockerfilePath,
        build_args: b.args,
        target: b.target,
      },
      { [CREATED.buildHash]: hash, [STACK.name]: stack },
    );
    return { id: built.id, source: "built" };
  }
  const how = await ensureImage(call, image, pull);
  progress(`${service.service}: image ${image} ${how}`);
  return { id: (await call.docker.getImage(image).inspect()).Id, source: how };
}

async function ensureResources(
  call: ToolCall,
  plan: StackPlan,
  undo: Undo,
  progress: (message: string) => void,
): Promise<void> {
  const stackLabels = (tool: string, labels: Record<string, string>) =>
    call.labels(tool, { ...labels, [STACK.name]: plan.stack, [STACK.composeProject]: plan.stack });
  for (const network of plan.networks) {
    const found = await call.docker
      .getNetwork(network.name)
      .inspect()
      .catch(() => undefined);
    if (found) continue;
    if (network.external) throw new ToolFailure(`external network ${network.name} does not exist`);
    await call.docker.createNetwork({
      Name: network.name,
      Driver: network.driver ?? "bridge",
      Internal: network.internal ?? false,
      CheckDuplicate: true,
      Labels: stackLabels("deploy_stack", { ...network.labels, "com.docker.compose.network": network.key }),
      abortSignal: call.signal,
    });
    undo.networks.push(network.name);
    progress(`created network ${network.name}`);
  }
  for (const volume of plan.volumes) {
    const found = await call.docker
      .getVolume(volume.name)
      .inspect()
      .catch(() => undefined);
    if (found) continue;
    if (volume.external) throw new ToolFailure(`external volume ${volume.name} does not exist`);
    await call.docker.createVolume({
      Name: volume.name,
      Driver: volume.driver ?? "local",
      Labels: stackLabels("deploy_stack", { ...volume.labels, "com.docker.compose.volume": volume.key }),
      abortSignal: call.signal,
    });
    undo.volumes.push(volume.name);
    progress(`created volume ${volume.name}`);
  }
}

async function startService(
  call: ToolCall,
  plan: StackPlan,
  service: ServicePlan,
  action: ServiceAction,
  current: Dockerode.ContainerInfo | undefined,
  revision: number,
  undo: Undo,
): Promise<void> {
  if (action === "kept") {
    if (current!.State !== "running")
      await call.docker
        .getContainer(current!.Id)
        .start()
        .catch(() => undefined);
    return;
  }
  if (action === "replaced") {
    const old = call.docker.getContainer(current!.Id);
    const parkedAs = `${service.spec.name}-replaced-${randomBytes(3).toString("hex")}`;
    await old.stop({ t: service.spec.stopTimeoutSeconds ?? 10 }).catch(() => undefined);
    await old.rename({ name: parkedAs });
    undo.replaced.push({
      name: service.spec.name,
      parkedAs,
      id: current!.Id,
      wasRunning: current!.State === "running",
    });
  }
  const labels = call.labels("deploy_stack", {
    ...service.spec.labels,
    [STACK.name]: plan.stack,
    [STACK.service]: service.service,
    [STACK.revision]: String(revision),
    [STACK.hash]: service.hash,
    [STACK.composeProject]: plan.stack,
    [STACK.composeService]: service.service,
  });
  const container = await createAndStart(call.docker, { ...service.spec, labels }, call.signal);
  undo.containers.push(container.id);
}

async function rollBack(docker: Dockerode, undo: Undo): Promise<void> {
  const quietly = (step: Promise<unknown>) => step.catch(() => undefined);
  for (const id of undo.containers) await quietly(docker.getContainer(id).remove({ force: true, v: true }));
  for (const old of undo.replaced) {
    await quietly(docker.getContainer(old.id).rename({ name: old.name }));
    if (old.wasRunning) await quietly(docker.getContainer(old.id).start());
  }
  for (const name of undo.networks) await quietly(docker.getNetwork(name).remove());
  for (const name of undo.volumes) await quietly(docker.getVolume(name).remove());
}

async function lastLines(docker: Dockerode, name: string): Promise<string> {
  try {
    const container = docker.getContainer(name);
    const info = await container.inspect();
    const raw = (await container.logs({
      stdout: true,
      stderr: true,
      follow: false,
      tail: FAILURE_LOG_LINES,
    })) as unknown as Buffer;
    const { stdout, stderr } = demuxBuffer(Buffer.from(raw), info.Config.Tty);
    return `${stdout}${stderr}`.trim();
  } catch {
    return "";
  }
}

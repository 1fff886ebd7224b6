import type { GarbageCollection, RegistryStatus } from "@mcp-hub/contracts";
import type { Logger } from "../log/index.js";
import { errorMessage } from "../errors/index.js";
import { NETWORKS, type ContainerRuntime } from "../runtime/index.js";

export const REGISTRY_COMPONENT_LABEL = "mcp-hub.component";
/** How many ports after the wanted one the hub tries when it is taken (macOS AirPlay holds 5000). */
const PORT_ATTEMPTS = 20;
const DATA_DIR = "/var/lib/registry";
const CONFIG_FILE = "/etc/docker/registry/config.yml";
const ANSWER_WAIT_MS = 30_000; // a registry that starts answers within a second or two

export type RegistryState = RegistryStatus;

/** Where the registry posts its events (the hub), and the credential it sends with them. */
export interface NotificationTarget {
  url: string;
  token: string;
}

export interface RegistryContainerOptions {
  runtime: ContainerRuntime;
  log: Logger;
  image: string;
  /** Container name; its storage is the volume of the same name. */
  name: string;
  /** The port wanted now (Settings, else HUB_REGISTRY_PORT, else 5000). */
  wantedPort: () => number;
  notifications?: NotificationTarget;
  /** The hub's container labels (tests mark theirs so they clean up). */
  labels?: Record<string, string>;
  /** Whether the registry on this port answers its API: "running" is said only once it does. */
  answers?: (port: number) => Promise<boolean>;
}

/**
 * The registry container the hub keeps: created or started on the wanted port — or the next free one, said in the
 * log and the state — with deletes enabled, notifications to the hub and its images in a named volume that
 * survives port changes and restarts. Never throws from ensure(): a registry that cannot start never stops the hub.
 */
export class RegistryContainer {
  private current: RegistryState;
  private pending: Promise<RegistryState> | undefined;

  constructor(private readonly options: RegistryContainerOptions) {
    this.current = { state: "starting", port: options.wantedPort() };
  }

  state(): RegistryState {
    return this.current;
  }

  ensure(): Promise<RegistryState> {
    // One attempt at a time: start-up, engine recovery and a port change may all ask.
    this.pending ??= this.start().finally(() => (this.pending = undefined));
    return this.pending;
  }

  /** The container stopped behind the hub's back: ensure() starts it again (once at a time). */
  async restartIfStopped(): Promise<void> {
    const current = this.current;
    this.current = { state: "starting", port: "port" in current ? current.port : this.options.wantedPort() };
    await this.ensure();
  }

  /**
   * Garbage collection with the registry stopped (no push can race it), then started again. A hub restart in the
   * middle leaves it stopped: ensure() starts it again and removes the task left behind.
   */
  async collectGarbage(
    options: { deleteUntagged: boolean },
    onStep: (step: string) => void,
  ): Promise<GarbageCollection> {
    const { runtime, name, image } = this.options;
    const running = this.current;
    if (running.state !== "running") throw new Error(`the registry is ${running.state}, not running`);
    this.current = { state: "collecting", port: running.port, wantedPort: running.wantedPort };
    try {
      onStep("stopping the registry");
      await runtime.stopService(name);
      onStep(`collecting garbage${options.deleteUntagged ? " (untagged manifests too)" : ""}`);
      const gc = options.deleteUntagged ? "garbage-collect --delete-untagged" : "garbage-collect";
      const task = await runtime.runTask({
        name: `${name}-gc`,
        image,
        entrypoint: ["/bin/sh", "-c"],
        command: [
          `du -sk ${DATA_DIR} | cut -f1; registry ${gc} ${CONFIG_FILE} > /tmp/gc.log 2>&1; s=$?; ` +
            `du -sk ${DATA_DIR} | cut -f1; tail -n 30 /tmp/gc.log; exit $s`,
        ],
        volumes: { [name]: DATA_DIR },
        labels: this.taskLabels(),
      });
      const [before, after, ...rest] = task.output.split("\n");
      if (task.exitCode !== 0)
        throw new Error(`garbage collection failed (exit ${task.exitCode}): ${rest.join("\n").trim()}`);
      const beforeBytes = Number(before) * 1024;
      const afterBytes = Number(after) * 1024;
      return {
        beforeBytes,
        afterBytes,
        freedBytes: Math.max(0, beforeBytes - afterBytes),
        deletedUntagged: options.deleteUntagged,
        output: rest.join("\n").trim(),
      };
    } finally {
      onStep("starting the registry");
      this.current = running;
      await this.start();
    }
  }

  private async start(): Promise<RegistryState> {
    const { runtime, log, name } = this.options;
    const wantedPort = this.options.wantedPort();
    try {
      await runtime.ensureNetworks();
      await runtime.removeLabelled(this.taskLabels()); // a collection a hub restart interrupted
      let lastError: unknown;
      for (let port = wantedPort; port < wantedPort + PORT_ATTEMPTS && port <= 65_535; port++) {
        try {
          const result = await runtime.ensureService(this.spec(port));
          if (port !== wantedPort)
            log.warn(
              { name, wantedPort, port },
              `port ${wantedPort} is taken; the local registry uses ${port}`,
            );
          await this.untilAnswering(port);
          log.info({ name, port, id: result.id, status: result.status }, "local registry running");
          this.current = { state: "running", port, wantedPort };
          return this.current;
        } catch (error) {
          if (!isPortTaken(error)) throw error;
          lastError = error;
        }
      }
      throw new Error(
        `ports ${wantedPort}-${wantedPort + PORT_ATTEMPTS - 1} are all taken (${errorMessage(lastError)}); choose another registry port in Settings`,
      );
    } catch (error) {
      log.error({ err: error, name }, "could not start the local registry; the hub runs without it");
      this.current = { state: "failed", port: wantedPort, error: errorMessage(error) };
      return this.current;
    }
  }

  /** A started container takes a moment to listen; a listing before then would fail for no reason. */
  private async untilAnswering(port: number): Promise<void> {
    const answers = this.options.answers;
    if (!answers) return;
    const deadline = Date.now() + ANSWER_WAIT_MS;
    while (!(await answers(port).catch(() => false))) {
      if (Date.now() > deadline) throw new Error(`the registry started on port ${port} but does not answer`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  private spec(port: number) {
    const { name, image, notifications, labels } = this.options;
    return {
      name,
      image,
      ports: [{ hostIp: "127.0.0.1", hostPort: port, containerPort: 5000 }],
      // One registry, one volume named after it: a port change keeps the images, and a second registry under
      // another name (tests) never shares the first one's storage.
      volumes: { [name]: DATA_DIR },
      network: NETWORKS.public,
      labels: { ...labels, [REGISTRY_COMPONENT_LABEL]: "registry" },
      env: {
        REGISTRY_STORAGE_DELETE_ENABLED: "true",
        ...(notifications ? { REGISTRY_NOTIFICATIONS_ENDPOINTS: endpointsYaml(notifications) } : {}),
      },
    };
  }

  private taskLabels(): Record<string, string> {
    return { ...this.options.labels, [REGISTRY_COMPONENT_LABEL]: "registry-gc" };
  }
}

/** The engine could not publish the port: another container or a host process holds it. */
export function isPortTaken(error: unknown): boolean {
  return /port is already allocated|address already in use/i.test(errorMessage(error));
}

/**
 * The registry reads each REGISTRY_* variable as YAML into the configuration field it names, so one variable sets
 * the whole endpoint list. Pulls are not sent (only pushes and deletes change what the hub shows).
 */
function endpointsYaml({ url, token }: NotificationTarget): string {
  return [
    "- name: mcp-hub",
    `  url: ${JSON.stringify(url)}`,
    "  headers:",
    `    Authorization: [${JSON.stringify(`Bearer ${token}`)}]`,
    "  timeout: 2s",
    "  threshold: 3",
    "  backoff: 2s",
    "  ignore:",
    "    actions: [pull]",
  ].join("\n");
}

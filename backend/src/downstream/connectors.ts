import type { OAuthClientProvider } from "@modelcontextprotocol/sdk/client/auth.js";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { BuiltinServerConfig, ImageServerConfig, RemoteServerConfig } from "../config/index.js";
import { DownstreamUnavailable } from "../errors/index.js";
import { profileFor, type ContainerRuntime, type WorkloadInfo, type WorkloadSpec } from "../runtime/index.js";
import type { BuiltinHost } from "./types.js";
import {
  connectHttp,
  initialize,
  attachSession,
  execSession,
  tailOutput,
  untilExit,
  type Connection,
  type Connector,
} from "./connection.js";
import type { LogRing } from "./logRing.js";

interface Common {
  runtime: ContainerRuntime;
  ring: LogRing;
  connectTimeoutMs: number;
}

function pickSecrets(
  server: string,
  names: string[],
  secrets: Record<string, string>,
): Record<string, string> {
  const missing = names.filter((name) => secrets[name] === undefined);
  if (missing.length) throw new DownstreamUnavailable(server, `secret(s) not set: ${missing.join(", ")}`);
  return Object.fromEntries(names.map((name) => [name, secrets[name] as string]));
}

/** ENV → the value of the secret named for it (migrated servers each keep their own API_KEY, say). */
function renamed(
  server: string,
  secretEnv: Record<string, string>,
  secrets: Record<string, string>,
): Record<string, string> {
  const values = pickSecrets(server, Object.values(secretEnv), secrets);
  return Object.fromEntries(Object.entries(secretEnv).map(([env, name]) => [env, values[name] as string]));
}

export function toWorkloadSpec(
  config: ImageServerConfig,
  secrets: Record<string, string>,
  labels: Record<string, string> = {},
): WorkloadSpec {
  return {
    server: config.name,
    image: config.image,
    entrypoint: config.entrypoint,
    command: config.command,
    env: { ...config.env },
    secretEnv: {
      ...pickSecrets(config.name, config.secrets, secrets),
      ...renamed(config.name, config.secretEnv, secrets),
    },
    mounts: config.mounts.map((m) => ({ source: m.source, target: m.target, readOnly: m.readOnly })),
    transport: config.transport,
    risk: config.risk,
    audit: config.audit,
    profile: profileFor({
      risk: config.risk,
      resources: config.resources,
      egress: config.egress,
      user: config.user,
      transport: config.transport,
    }),
    labels,
  };
}

function httpUrl(server: string, workload: WorkloadInfo, port: number | undefined, path: string): URL {
  if (!workload.address)
    throw new DownstreamUnavailable(server, "its container has no IP address (network none?)");
  if (port === undefined) throw new DownstreamUnavailable(server, "no container port configured");
  return new URL(`http://${workload.address}:${port}${path}`);
}

/** Chains a close action after a connection's own. */
const alsoOnClose = (connection: Connection, extra: () => void): Connection => ({
  ...connection,
  close: async () => {
    extra();
    await connection.close();
  },
});

/** A server in a container the hub deploys (or re-adopts) from an image. */
export function imageConnector(
  options: Common & {
    config: ImageServerConfig;
    secrets: Record<string, string>;
    labels?: Record<string, string>;
  },
): Connector {
  const { config, runtime, ring, connectTimeoutMs } = options;
  return {
    kind: "image",
    transport: config.transport,
    async connect(createClient: () => Client) {
      // Built per attempt: a secret fixed since the last failure is picked up on the next try.
      const spec = toWorkloadSpec(config, options.secrets, options.labels);
      const { status, workload } = await runtime.deploy(spec);
      ring.add(`[hub] container ${workload.name} ${status}`);
      if (config.transport === "stdio") {
        return attachSession({ runtime, containerId: workload.id, ring, createClient, connectTimeoutMs });
      }
      const stopTail = await tailOutput(runtime, workload.id, ring);
      const exited = runtime.waitExit(workload.id);
      try {
        const url = httpUrl(config.name, workload, config.port, config.path);
        const connecting = connectHttp({ url, createClient, connectTimeoutMs, waitUntilListening: true });
        const connection = await untilExit(connecting, exited, () => connecting.then((c) => c.close()));
        return alsoOnClose({ ...connection, containerId: workload.id, exited }, stopTail);
      } catch (error) {
        stopTail();
        throw error;
      }
    },
    async openSession(connection, createClient) {
      if (!connection.containerId) throw new DownstreamUnavailable(config.name, "no container");
      if (config.transport === "stdio")
        return execSession({
          runtime,
          containerId: connection.containerId,
          ring,
          createClient,
          connectTimeoutMs,
        });
      const workload = await runtime.inspect(connection.containerId);
      if (!workload) throw new DownstreamUnavailable(config.name, "its container is gone");
      return connectHttp({
        url: httpUrl(config.name, workload, config.port, config.path),
        createClient,
        connectTimeoutMs,
      });
    },
    async recreate(containerId) {
      if (containerId) await runtime.remove(containerId);
    },
    async remove(containerId) {
      if (!containerId) return;
      await runtime.stop(containerId);
      await runtime.remove(containerId);
    },
  };
}

/** A server reached at a URL; header values come from secrets, never from the config file; OAuth through authProvider. */
export function remoteConnector(
  options: Omit<Common, "runtime"> & {
    config: RemoteServerConfig;
    secrets: Record<string, string>;
    authProvider?: OAuthClientProvider;
  },
): Connector {
  const { config, connectTimeoutMs } = options;
  const connect = (createClient: () => Client) => {
    const values = pickSecrets(config.name, Object.values(config.headerSecrets), options.secrets);
    const headers = Object.fromEntries(
      Object.entries(config.headerSecrets).map(([header, secret]) => [header, values[secret] as string]),
    );
    return connectHttp({
      url: new URL(config.url),
      headers,
      authProvider: options.authProvider,
      createClient,
      connectTimeoutMs,
    });
  };
  return {
    kind: "remote",
    transport: "http",
    connect,
    openSession: (_connection, createClient) => connect(createClient),
  };
}

/**
 * A built-in server the hub hosts in-process: every session (shared or a client's own) is a fresh in-memory pair.
 * When its instance fronts a container (an agent run from an image), the shared connection watches that container as
 * an image server's is watched: its output goes to the log ring and its exit fails the connection.
 */
export function builtinConnector(
  options: Common & { config: BuiltinServerConfig; host: BuiltinHost },
): Connector {
  const { runtime, ring, host } = options;
  const open = async (createClient: () => Client) => {
    const session = await host.open();
    return { session, client: await initialize(createClient, session.transport, options) };
  };
  const removeContainer = async (containerId: string | undefined) => {
    if (!containerId) return;
    await runtime.stop(containerId);
    await runtime.remove(containerId);
  };
  return {
    kind: "builtin",
    transport: "in-process",
    async connect(createClient) {
      const { session, client } = await open(createClient);
      const container = session.container;
      if (!container) return { client, close: () => client.close() };
      const stopTail = await tailOutput(runtime, container.id, ring);
      return alsoOnClose(
        { client, containerId: container.id, exited: container.exited, close: () => client.close() },
        stopTail,
      );
    },
    async openSession(_connection, createClient) {
      const { client } = await open(createClient);
      return { client, close: () => client.close() };
    },
    async recreate(containerId) {
      await host.close();
      await removeContainer(containerId);
    },
    async remove(containerId) {
      await host.close();
      await removeContainer(containerId);
    },
  };
}

import { homedir, hostname } from "node:os";
import { join } from "node:path";
import { errorMessage } from "./errors/index.js";
import { startHubProcess } from "./hubProcess.js";
import { createLogger } from "./log/index.js";
import { startIdleCollector } from "./memory/index.js";

// The image build loads the bundle once with this set, so Node's compile cache for it ships in the image (Dockerfile).
if (process.env.HUB_COMPILE_ONLY === "1") process.exit(0);

/** The hub process: configuration from the environment, graceful shutdown on SIGTERM/SIGINT. */
const log = createLogger();
const env = process.env;
/** Set by the hub image: the hub then shares a Docker network with its registry and reaches it, and is reached, by name. */
const inContainer = env.HUB_IN_CONTAINER === "1";

function labelsFromEnv(value: string | undefined): Record<string, string> | undefined {
  if (!value) return undefined;
  return Object.fromEntries(value.split(",").map((pair) => pair.split("=", 2) as [string, string]));
}

try {
  const running = await startHubProcess({
    dataDir: env.HUB_DATA_DIR ?? join(homedir(), ".mcp-hub"),
    host: env.HUB_HOST ?? "127.0.0.1",
    port: Number(env.HUB_PORT ?? 3010),
    // Where browsers reach the hub when its port is published elsewhere (scripts/hub-up.sh, tests).
    publicPort: Number(env.HUB_PUBLIC_PORT) || undefined,
    socketPath: env.SOCKET_PATH || undefined,
    allowedHosts: env.HUB_ALLOWED_HOSTS?.split(",").filter(Boolean),
    containerLabels: labelsFromEnv(env.HUB_CONTAINER_LABELS),
    containerPrefix: env.HUB_CONTAINER_PREFIX || undefined,
    uiDir: env.HUB_UI_DIR || undefined,
    apiRateLimit: env.HUB_API_RATE_LIMIT ? Number(env.HUB_API_RATE_LIMIT) : undefined,
    registry: {
      image: env.HUB_REGISTRY_IMAGE || undefined,
      port: env.HUB_REGISTRY_PORT ? Number(env.HUB_REGISTRY_PORT) : undefined,
      name: env.HUB_REGISTRY_NAME || undefined,
      reach: inContainer ? "network" : "host",
    },
    // The container's hostname is its short id, which Docker's DNS resolves on the hub's networks.
    selfUrl: env.HUB_SELF_URL || (inContainer ? `http://${hostname()}:${env.HUB_PORT ?? 3010}` : undefined),
    // What planning a migration reaches: the npm registry (or a mirror) through a proxy's CA, and PyPI.
    migration: {
      probes: {
        npmRegistry: env.HUB_NPM_REGISTRY || undefined,
        extraCaCerts: env.HUB_EXTRA_CA_CERTS || undefined,
        pypiUrl: env.HUB_PYPI_URL || undefined,
      },
    },
    gateway: {
      port: Number(env.HUB_A2A_PORT ?? 3011),
      publicPort: env.HUB_A2A_PUBLIC_PORT ? Number(env.HUB_A2A_PUBLIC_PORT) : undefined,
    },
    log,
  });
  const collector = startIdleCollector({ log: log.child({ mod: "memory" }) });
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    collector?.stop();
    log.info({ signal }, "stopping; server containers keep running and are re-adopted on the next start");
    await running.close();
    log.flush();
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
} catch (error) {
  log.fatal({ err: error }, errorMessage(error));
  log.flush();
  process.exitCode = 1;
  setTimeout(() => process.exit(1), 100).unref();
}

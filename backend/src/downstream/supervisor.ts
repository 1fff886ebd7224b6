import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { backoffDelay } from "../backoff/index.js";
import { AuthorizationRequired, CircuitOpen, DownstreamUnavailable, errorMessage } from "../errors/index.js";
import type { Logger } from "../log/index.js";
import { Breaker } from "./breaker.js";
import type { Connection, Connector } from "./connection.js";
import type { LogRing } from "./logRing.js";
import type { DownstreamServer, ServerState, ServerStatus, SupervisionOptions } from "./types.js";

export const SUPERVISION_DEFAULTS: Required<SupervisionOptions> = {
  backoffInitialMs: 500,
  backoffMaxMs: 30_000, // stops a crash-looping server spinning
  breakerFailures: 5,
  breakerWindowMs: 60_000,
  breakerOpenMs: 30_000,
  pingIntervalMs: 30_000,
  pingTimeoutMs: 10_000,
  connectTimeoutMs: 60_000, // first start may unpack npx/uvx packages
};

const EXIT_GRACE_MS = 1_000; // how long a closed container connection waits for Docker to report the exit

/**
 * Keeps one connection to a server alive: connect, watch (container exit, transport close, ping), restart with
 * backoff, open the circuit after repeated failures. Every async callback carries the generation it belongs to,
 * so events from a torn-down connection can never disturb the current one.
 */
export function createSupervisedServer(options: {
  name: string;
  connector: Connector;
  ring: LogRing;
  createClient: () => Client;
  onReady?: (client: Client) => void;
  onStatus?: (status: ServerStatus) => void;
  log: Logger;
  supervision: Required<SupervisionOptions>;
}): DownstreamServer {
  const { name, connector, ring, log, supervision } = options;
  const breaker = new Breaker({
    failures: supervision.breakerFailures,
    windowMs: supervision.breakerWindowMs,
    openMs: supervision.breakerOpenMs,
  });
  let state: ServerState = "stopped";
  let since = new Date().toISOString();
  let startedAt: string | undefined;
  let restarts = 0;
  let lastError: string | undefined;
  let containerId: string | undefined;
  let current: Connection | undefined;
  let generation = 0;
  let consecutiveFailures = 0;
  let stopped = true;
  let retryTimer: NodeJS.Timeout | undefined;
  let pingTimer: NodeJS.Timeout | undefined;
  let inflight: Promise<void> | undefined;

  const status = (): ServerStatus => ({
    name,
    kind: connector.kind,
    transport: connector.transport,
    state,
    since,
    startedAt,
    restarts,
    lastError,
    breaker: breaker.state(),
    containerId,
  });

  function setState(next: ServerState): void {
    state = next;
    since = new Date().toISOString();
    options.onStatus?.(status());
  }

  /** Ends the current connection without counting a failure. */
  function disconnect(): void {
    generation++;
    clearInterval(pingTimer);
    pingTimer = undefined;
    const connection = current;
    current = undefined;
    if (connection)
      void connection.close().catch((error: unknown) => log.debug({ err: error }, "close failed"));
  }

  function schedule(delayMs: number): void {
    clearTimeout(retryTimer);
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      void connect();
    }, delayMs);
    retryTimer.unref();
  }

  /** The one failure path: tear down, count, then back off or open the circuit. */
  function fail(gen: number, reason: string, options: { counted: boolean } = { counted: false }): void {
    if (gen !== generation || stopped) return;
    disconnect();
    restarts++;
    lastError = reason;
    ring.add(`[hub] ${reason}`);
    const opened = options.counted ? breaker.state() !== "closed" : breaker.failure();
    if (opened || breaker.state() === "open") {
      log.warn({ reason, openMs: breaker.retryInMs() }, "circuit open after repeated failures");
      setState("circuit-open");
      schedule(breaker.retryInMs());
      return;
    }
    const delay = backoffDelay(consecutiveFailures++, {
      initialMs: supervision.backoffInitialMs,
      maxMs: supervision.backoffMaxMs,
    });
    log.warn({ reason, delayMs: delay }, "downstream failed; restarting");
    setState("restarting");
    schedule(delay);
  }

  /** The user must authorize (remote servers behind OAuth): no retries and no breaker count until restart(). */
  function awaitAuthorization(gen: number, reason: string): void {
    if (gen !== generation || stopped) return;
    clearTimeout(retryTimer);
    disconnect();
    lastError = reason;
    ring.add(`[hub] needs authorization: ${reason}`);
    log.warn({ reason }, "downstream needs authorization");
    setState("needs-authorization");
  }

  function watch(gen: number, connection: Connection): void {
    const previous = connection.client.onclose;
    connection.client.onclose = () => {
      previous?.();
      // A dying container closes its stdio a moment before Docker reports the exit: wait briefly so one crash
      // counts once (as an exit) instead of twice, and the next deploy replaces it instead of adopting a corpse.
      if (connection.exited) setTimeout(() => fail(gen, "the connection closed"), EXIT_GRACE_MS).unref();
      else fail(gen, "the connection closed");
    };
    connection.exited?.then(
      (code) => fail(gen, `the container exited (code ${String(code)})`),
      (error: unknown) => fail(gen, `the container is gone: ${errorMessage(error)}`),
    );
    let pinging = false;
    pingTimer = setInterval(() => {
      if (pinging) return;
      pinging = true;
      connection.client
        .ping({ timeout: supervision.pingTimeoutMs })
        .catch((error: unknown) => fail(gen, `health ping failed: ${errorMessage(error)}`))
        .finally(() => (pinging = false));
    }, supervision.pingIntervalMs);
    pingTimer.unref();
  }

  function connect(): Promise<void> {
    const gen = ++generation;
    setState(restarts === 0 && startedAt === undefined ? "starting" : "restarting");
    const attempt = (async () => {
      try {
        const connection = await connector.connect(options.createClient);
        if (connection.containerId) containerId = connection.containerId;
        if (gen !== generation || stopped) {
          await connection.close().catch(() => undefined);
          return;
        }
        current = connection;
        watch(gen, connection);
        consecutiveFailures = 0;
        breaker.success();
        startedAt = new Date().toISOString();
        setState("ready");
        log.info({ containerId }, "downstream ready");
        options.onReady?.(connection.client);
      } catch (error) {
        if (error instanceof AuthorizationRequired) awaitAuthorization(gen, error.reason);
        else fail(gen, errorMessage(error));
      }
    })();
    inflight = attempt;
    return attempt;
  }

  function client(): Client {
    if (state === "ready" && current) return current.client;
    if (state === "circuit-open") throw new CircuitOpen(name, breaker.retryInMs());
    if (state === "needs-authorization")
      throw new AuthorizationRequired(name, lastError ?? "not authorized yet");
    throw new DownstreamUnavailable(name, lastError ? `${state}: ${lastError}` : state);
  }

  return {
    name,
    status,
    client,
    async start() {
      if (!stopped) return inflight;
      stopped = false;
      await connect();
    },
    async stop(stopOptions = {}) {
      stopped = true;
      clearTimeout(retryTimer);
      disconnect();
      await inflight?.catch(() => undefined);
      if (stopOptions.remove) await connector.remove?.(containerId);
      setState("stopped");
    },
    async restart() {
      clearTimeout(retryTimer);
      disconnect();
      await inflight?.catch(() => undefined);
      breaker.reset();
      consecutiveFailures = 0;
      restarts++;
      lastError = undefined;
      stopped = false;
      await connector.recreate?.(containerId);
      await connect();
    },
    requireAuthorization: (reason) => awaitAuthorization(generation, reason),
    logs: () => ring.lines(),
    recordOutcome(ok) {
      if (ok) return breaker.success();
      // The hub saw timeouts/transport failures: once they open the circuit, reconnect after it (half-open trial).
      if (breaker.failure() && state === "ready")
        fail(generation, "calls kept failing or timing out", { counted: true });
    },
    async openSession(createClient) {
      client(); // throws the precise error when not ready
      const session = await connector.openSession(current as Connection, createClient);
      return { client: session.client, close: () => session.close() };
    },
  };
}

import { inDockerDesktop, userPlatform } from "./ddClient";
import { runHostHelper } from "./hostHelper";
import { followEventStream, request } from "./http";
import type {
  MigrateScanOutput,
  Plan,
  PlanRequest,
  Report,
  RewriteOutcome,
  Run,
  RunEvent,
  RunsResponse,
  Scan,
  ScanRequest,
} from "./types";

const enc = encodeURIComponent;
const RUNS = "/api/migrate/runs";
const run = (id: string, more = "") => `${RUNS}/${enc(id)}${more}`;

/**
 * The migration (/api/migrate). The client files live on the user's machine: inside Docker Desktop the host helper
 * reads them and sends them to the hub, and later writes their rewrites (`mcp-hub-host migrate scan --json` prints
 * the hub's scan with the scripts' folders; `mcp-hub-host migrate resume <run> --json` writes what the run waits for
 * and prints its report).
 * Standalone, the hub reads its own mount of the user's home. Secret values go from the files to the hub only.
 */
export const migrateApi = {
  /** Scans the clients of this machine (standalone: 501 when the hub has no mount of the user's home). */
  scanClients: async (): Promise<Scan> => {
    if (!inDockerDesktop()) return request<Scan>("POST", "/api/migrate/scans/local", {});
    // The helper sends the scripts' folders itself, then what became of them: the hub's scan keeps that too.
    const { scan, folders } = await runHostHelper<MigrateScanOutput>(["migrate", "scan"]);
    return { ...scan, folders };
  },
  /** A config file the user picked: its text, secret values included, goes to the hub and is never shown. */
  scanUpload: (file: { name: string; text: string }) => {
    const body: ScanRequest = {
      platform: userPlatform(),
      files: [{ origin: "upload", file: file.name, text: file.text }],
    };
    return request<Scan>("POST", "/api/migrate/scans", body);
  },
  scan: (id: string) => request<Scan>("GET", `/api/migrate/scans/${enc(id)}`),
  plan: (body: PlanRequest) => request<Plan>("POST", "/api/migrate/plans", body),

  start: (plan: string) => request<Run>("POST", RUNS, { plan }),
  runs: async () => (await request<RunsResponse>("GET", RUNS)).runs,
  run: (id: string) => request<Run>("GET", run(id)),
  report: (id: string) => request<Report>("GET", run(id, "/report")),
  resume: (id: string) => request<Run>("POST", run(id, "/resume")),
  rollback: (id: string, server: string) => request<Run>("POST", run(id, "/rollback"), { server }),
  /** Docker Desktop: the host helper writes the client files the run waits for, then reports them to the hub. */
  writeRewrites: async (id: string): Promise<Run> => {
    await runHostHelper<Report>(["migrate", "resume", id]); // it prints the report; the page wants the run
    return request<Run>("GET", run(id));
  },
  /** What the user did with a file nothing here can write (an uploaded one): edited by hand, or left as it was. */
  reportRewrites: (id: string, outcome: RewriteOutcome) =>
    request<Run>("POST", run(id, "/rewrites"), outcome),
  /** A run's events as they happen (standalone: Docker Desktop polls the run). Resolves once the signal aborts. */
  runEvents: (id: string, onEvent: (event: RunEvent) => void, signal: AbortSignal) =>
    followEventStream(run(id, "/events"), (event, data) => onEvent({ event, data } as RunEvent), signal),
};

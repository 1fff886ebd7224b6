import type {
  MigrationStep,
  PlannedServer,
  Platform,
  RegistryStatus,
  Rewrite,
  RunEvent,
  ScanOrigin,
} from "@mcp-hub/contracts";
import type { RewriteResult } from "../clients/index.js";
import type { SecretStore } from "../config/index.js";
import type { HubControl } from "../hub/index.js";
import type { Logger } from "../log/index.js";
import type { Classified } from "./classify.js";
import type { Packager } from "../packaging/index.js";
import type { ScanRecord } from "./scan.js";
import type { MigrationStore, StoredRun } from "./store.js";

/** connect's hub entry for a file's text: the text with it, and whether it was added. */
export type AddHubEntry = (text: string) => { text: string; added: boolean };

/** What a run works with; hubProcess.ts builds the real ones, tests small fakes. */
export interface RunnerDeps {
  store: MigrationStore;
  /** The hub, through the view the REST API has too. */
  control: HubControl;
  secrets: SecretStore;
  /** Builds, checks and removes images; absent = only remote servers can migrate. */
  packager?: Packager;
  /** The local registry's state: a run says at once when images have nowhere to go. */
  registryStatus?: () => RegistryStatus;
  /** Writes a rewrite on the user's machine when the hub can (their home mounted); undefined = the host side must. */
  writeFile?: (rewrite: Rewrite, platform: Platform) => Promise<RewriteResult | undefined>;
  /** The hub entry `connect` writes in this client's file; undefined for a file of no known client. */
  hubEntry(origin: ScanOrigin, platform: Platform, home: string | undefined): AddHubEntry | undefined;
  log: Logger;
  timeouts?: { handshakeMs?: number; validateMs?: number };
}

/** One run at work: its record, the scan it came from, and how it reports. */
export interface RunContext {
  deps: RunnerDeps;
  stored: StoredRun;
  scan: ScanRecord;
  signal: AbortSignal;
  /** Writes the run's record. */
  save(): Promise<void>;
  emit(event: RunEvent): void;
}

/** One server's part of a run. */
export interface ServerContext extends RunContext {
  planned: PlannedServer;
  classified: Classified;
  /** Secret values no event, log line or report may show. */
  known: string[];
  /** A log line of a step, as an event (secret values scrubbed). */
  log(step: MigrationStep, line: string): void;
}

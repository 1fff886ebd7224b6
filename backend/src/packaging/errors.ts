import { HubError } from "../errors/index.js";

/** The migration steps packaging covers (the contracts' MigrationStep names). */
export type PackagingStep = "build" | "push" | "handshake";

/** A server could not be packaged: the step, and a message naming the server, the reason and the fix. */
export class PackagingFailed extends HubError {
  readonly code = "packaging_failed";
  readonly httpStatus = 502;
  constructor(
    readonly step: PackagingStep,
    readonly server: string,
    reason: string,
  ) {
    super(`${step} of ${server} failed: ${reason}`);
  }
}

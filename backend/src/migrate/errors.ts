import { HubError } from "../errors/index.js";

export class MigrationNotFound extends HubError {
  readonly code = "migration_not_found";
  readonly httpStatus = 404;
  constructor(kind: "scan" | "plan" | "run", id: string) {
    super(`no migration ${kind} "${id}" (list runs with GET /api/migrate/runs)`);
  }
}

/** The request cannot be done in the migration's state now; the message says what would let it. */
export class MigrationConflict extends HubError {
  readonly code = "migration_conflict";
  readonly httpStatus = 409;
}

import { HubError } from "../errors/index.js";

/** A client config that does not parse is never rewritten; the message says where to look. */
export class ClientConfigInvalid extends HubError {
  readonly code = "client_config_invalid";
  readonly httpStatus = 422;
  constructor(
    readonly file: string,
    readonly line: number,
    readonly column: number,
    readonly reason: string,
  ) {
    super(`${file}:${line}:${column}: ${reason} (file left untouched; fix it and retry)`);
  }
}

export class ClientEntryConflict extends HubError {
  readonly code = "client_entry_conflict";
  readonly httpStatus = 409;
  constructor(
    readonly file: string,
    readonly entryName: string,
  ) {
    super(
      `${file} already has an entry "${entryName}" that MCP Hub did not write; use --force to replace it or choose another entry name`,
    );
  }
}

export class UnknownClient extends HubError {
  readonly code = "unknown_client";
  readonly httpStatus = 404;
  constructor(name: string, known: readonly string[]) {
    super(`unknown client "${name}"; clients: ${known.join(", ")}`);
  }
}

export class ClientOptionUnsupported extends HubError {
  readonly code = "client_option_unsupported";
  readonly httpStatus = 400;
}

/** The client kept rewriting its file while we tried to merge our entry; we never overwrite a concurrent change. */
export class ClientConfigBusy extends HubError {
  readonly code = "client_config_busy";
  readonly httpStatus = 409;
  constructor(readonly file: string) {
    super(`${file} changed while MCP Hub was updating it; close the client (or wait) and retry`);
  }
}

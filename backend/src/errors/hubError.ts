/** Every failure the hub reports carries a stable code; errors/mapping.ts maps it to HTTP and JSON-RPC. */
export abstract class HubError extends Error {
  abstract readonly code: string;
  /** HTTP status when this error reaches the REST API. */
  abstract readonly httpStatus: number;
}

export class ServerNotFound extends HubError {
  readonly code = "server_not_found";
  readonly httpStatus = 404;
  constructor(name: string, known: string[] = []) {
    super(
      `no server named "${name}"${known.length ? `; servers: ${known.join(", ")}` : "; no servers are configured"}`,
    );
  }
}

export class ServerExists extends HubError {
  readonly code = "server_exists";
  readonly httpStatus = 409;
  constructor(name: string) {
    super(`a server named "${name}" already exists`);
  }
}

export class DownstreamUnavailable extends HubError {
  readonly code = "downstream_unavailable";
  readonly httpStatus = 503;
  constructor(server: string, reason: string) {
    super(`server "${server}" is unavailable: ${reason}`);
  }
}

export class CircuitOpen extends HubError {
  readonly code = "circuit_open";
  readonly httpStatus = 503;
  constructor(server: string, retryInMs: number) {
    super(
      `server "${server}" failed repeatedly; calls are refused for ${Math.ceil(retryInMs / 1000)} s (restart it to retry now)`,
    );
  }
}

export class CallTimeout extends HubError {
  readonly code = "call_timeout";
  readonly httpStatus = 504;
  constructor(server: string, ms: number) {
    super(`server "${server}" did not answer within ${ms} ms`);
  }
}

export class InvalidState extends HubError {
  readonly code = "invalid_state";
  readonly httpStatus = 500;
  constructor(
    readonly file: string,
    readonly issues: { path: string; message: string }[],
  ) {
    super(
      `${file} is invalid (left untouched): ${issues.map((i) => `${i.path || "(root)"}: ${i.message}`).join("; ")}`,
    );
  }
}

export class BadRequest extends HubError {
  readonly code = "bad_request";
  readonly httpStatus = 400;
}

export class Unauthorized extends HubError {
  readonly code = "unauthorized";
  readonly httpStatus = 401;
}

export class Forbidden extends HubError {
  readonly code = "forbidden";
  readonly httpStatus = 403;
}

export class ToolNotFound extends HubError {
  readonly code = "tool_not_found";
  readonly httpStatus = 404;
  constructor(server: string, tool: string) {
    super(`server "${server}" has no tool "${tool}" (is the server ready? its tools are listed once it is)`);
  }
}

export class ReservedName extends HubError {
  readonly code = "reserved_name";
  readonly httpStatus = 409;
  constructor(name: string) {
    super(`the name "${name}" belongs to a built-in server; choose another name`);
  }
}

export class NotRemovable extends HubError {
  readonly code = "not_removable";
  readonly httpStatus = 409;
  constructor(name: string) {
    super(
      `"${name}" is a built-in server and cannot be removed; disable it instead (mcp-hub server disable ${name})`,
    );
  }
}

export class ImageUnavailable extends HubError {
  readonly code = "image_unavailable";
  readonly httpStatus = 422;
  constructor(image: string, reason: string) {
    super(
      `image "${image}" is neither on this Docker engine nor pullable (${reason}). Build it (docker build -t ${image} .), pull it, or push it to the hub's local registry, then add the server again`,
    );
  }
}

/** How a user leaves read-only mode: said wherever read-only mode refuses a call (/mcp, the A2A gateway). */
export const READ_ONLY_HINT =
  'turn read-only mode off (dashboard Settings, or PUT /api/settings {"readOnly": false})';

/** How a user authorizes a remote server: said wherever an authorization is missing. */
export const authorizeHint = (server: string) =>
  `authorize it in the dashboard (Servers → ${server} → Authorize) or with \`mcp-hub server auth ${server}\``;

/** A remote server behind OAuth that the user has not authorized (or whose authorization ended). */
export class AuthorizationRequired extends HubError {
  readonly code = "authorization_required";
  readonly httpStatus = 503;
  constructor(
    server: string,
    /** Why, without the hint: "not authorized yet", "the authorization server refused the refresh token", … */
    readonly reason: string,
  ) {
    super(`server "${server}" needs authorization (${reason}): ${authorizeHint(server)}`);
  }
}

/** An OAuth step with a server's authorization server failed (discovery, registration, the code exchange). */
export class AuthorizationFailed extends HubError {
  readonly code = "authorization_failed";
  readonly httpStatus = 502;
}

export class AgentRefused extends HubError {
  readonly code = "agent_refused";
  readonly httpStatus = 422;
  constructor(name: string, reason: string) {
    super(`agent "${name}" was not added: ${reason}`);
  }
}

export class AgentNotFound extends HubError {
  readonly code = "agent_not_found";
  readonly httpStatus = 404;
  constructor(name: string, known: string[] = []) {
    super(
      `no agent named "${name}"${known.length ? `; agents: ${known.join(", ")}` : "; no agents are registered"}`,
    );
  }
}

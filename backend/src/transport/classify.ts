import { SUPPORTED_PROTOCOL_VERSIONS } from "@modelcontextprotocol/sdk/types.js";
import { isObject } from "../jsonrpc/index.js";

/** Revisions served statelessly, per request (2026-07-28 "modern": no initialize, no Mcp-Session-Id). */
export const MODERN_VERSIONS = ["2026-07-28"] as const;
/** Revisions served through an initialize handshake and a session (what SDK v1 negotiates). */
export const LEGACY_VERSIONS: readonly string[] = SUPPORTED_PROTOCOL_VERSIONS;
/** Every revision this endpoint speaks, newest first: server/discover and -32022 list them. */
export const SUPPORTED_VERSIONS: readonly string[] = [...MODERN_VERSIONS, ...LEGACY_VERSIONS];

export const META = {
  protocolVersion: "io.modelcontextprotocol/protocolVersion",
  clientInfo: "io.modelcontextprotocol/clientInfo",
  clientCapabilities: "io.modelcontextprotocol/clientCapabilities",
  logLevel: "io.modelcontextprotocol/logLevel",
  serverInfo: "io.modelcontextprotocol/serverInfo",
} as const;

/** Error codes the 2026-07-28 revision defines (basic/index "Error Codes"). */
export const MODERN_ERRORS = {
  headerMismatch: -32020,
  missingClientCapability: -32021,
  unsupportedVersion: -32022,
} as const;

const LOG_LEVELS = ["debug", "info", "notice", "warning", "error", "critical", "alert", "emergency"];
/** Methods whose target is mirrored into Mcp-Name, and the params field it comes from. */
const NAMED: Record<string, "name" | "uri"> = {
  "tools/call": "name",
  "prompts/get": "name",
  "resources/read": "uri",
};

type Headers = Record<string, string | string[] | undefined>;

export interface ClassifyInput {
  method: string;
  headers: Headers;
  body: unknown;
}

export type Era =
  | { era: "modern" }
  | { era: "legacy"; reason: "session" | "not-post" | "not-single-message" | "initialize" | "no-envelope" };

function header(headers: Headers, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

function metaOf(body: Record<string, unknown>): Record<string, unknown> | undefined {
  const params = body.params;
  return isObject(params) && isObject(params._meta) ? params._meta : undefined;
}

/**
 * Which revision a POST speaks (versioning.mdx, "dual-era server"): session traffic and `initialize` are
 * legacy; a request carrying the per-request `_meta` envelope, or a protocol version header naming a
 * non-legacy revision, is modern. Anything else stays on the legacy path, which answers as it always did.
 */
export function classify({ method, headers, body }: ClassifyInput): Era {
  if (header(headers, "mcp-session-id") !== undefined) return { era: "legacy", reason: "session" };
  if (method !== "POST") return { era: "legacy", reason: "not-post" };
  if (!isObject(body)) return { era: "legacy", reason: "not-single-message" };
  if (body.method === "initialize") return { era: "legacy", reason: "initialize" };
  if (metaOf(body)?.[META.protocolVersion] !== undefined) return { era: "modern" };
  const version = header(headers, "mcp-protocol-version");
  if (version !== undefined && !LEGACY_VERSIONS.includes(version)) return { era: "modern" };
  return { era: "legacy", reason: "no-envelope" };
}

export type JsonRpcId = string | number | null;

export interface Rejection {
  status: 400 | 404;
  id: JsonRpcId;
  error: { code: number; message: string; data?: unknown };
}

/** A validated 2026-07-28 message: a request (with id) or a notification. */
export type ModernMessage =
  | {
      kind: "request";
      id: string | number;
      method: string;
      params: Record<string, unknown>;
      protocolVersion: string;
      clientName?: string;
      clientCapabilities: Record<string, unknown>;
    }
  | { kind: "notification"; method: string };

/** Decodes the `=?base64?…?=` sentinel that Mcp-Name and Mcp-Param-* use for unsafe values. */
export function decodeHeaderValue(value: string): string {
  const match = /^=\?base64\?(.*)\?=$/.exec(value);
  return match ? Buffer.from(match[1]!, "base64").toString("utf8") : value;
}

function reject(id: JsonRpcId, code: number, message: string, data?: unknown, status: 400 | 404 = 400) {
  return {
    ok: false as const,
    rejection: { status, id, error: { code, message, ...(data ? { data } : {}) } },
  };
}

/**
 * Checks a modern POST against streamable-http.mdx "Server Validation" and basic/index "_meta": the required
 * envelope fields, the supported version, and that the mirrored headers say what the body says (a load
 * balancer may have routed on them).
 */
export function validateModern({
  headers,
  body,
}: Omit<ClassifyInput, "method">):
  { ok: true; message: ModernMessage } | { ok: false; rejection: Rejection } {
  if (!isObject(body) || body.jsonrpc !== "2.0" || typeof body.method !== "string")
    return reject(null, -32600, "Invalid Request: the body must be one JSON-RPC request or notification");
  const rawId = body.id;
  if (rawId === undefined) return { ok: true, message: { kind: "notification", method: body.method } };
  if (typeof rawId !== "string" && typeof rawId !== "number")
    return reject(null, -32600, "Invalid Request: id must be a string or a number");
  const id = rawId;
  if (body.params !== undefined && !isObject(body.params))
    return reject(id, -32602, "Invalid params: params must be an object");
  const params = (body.params ?? {}) as Record<string, unknown>;
  const meta = metaOf(body) ?? {};

  const version = meta[META.protocolVersion];
  if (typeof version !== "string")
    return reject(id, -32602, `Invalid params: _meta["${META.protocolVersion}"] is required`);
  if (!MODERN_VERSIONS.includes(version as (typeof MODERN_VERSIONS)[number]))
    return reject(
      id,
      MODERN_ERRORS.unsupportedVersion,
      LEGACY_VERSIONS.includes(version)
        ? `Unsupported protocol version: ${version} is served only after an initialize handshake`
        : "Unsupported protocol version",
      { supported: SUPPORTED_VERSIONS, requested: version },
    );
  const capabilities = meta[META.clientCapabilities];
  if (!isObject(capabilities))
    return reject(id, -32602, `Invalid params: _meta["${META.clientCapabilities}"] is required`);
  const logLevel = meta[META.logLevel];
  if (logLevel !== undefined && !LOG_LEVELS.includes(logLevel as string))
    return reject(id, -32602, `Invalid params: unknown log level ${JSON.stringify(logLevel)}`);

  const mismatch = checkStandardHeaders(headers, body.method, params, version);
  if (mismatch) return reject(id, MODERN_ERRORS.headerMismatch, `Header mismatch: ${mismatch}`);

  const info = meta[META.clientInfo];
  return {
    ok: true,
    message: {
      kind: "request",
      id,
      method: body.method,
      params,
      protocolVersion: version,
      clientName: isObject(info) && typeof info.name === "string" ? info.name : undefined,
      clientCapabilities: capabilities,
    },
  };
}

/** MCP-Protocol-Version, Mcp-Method and Mcp-Name: present and equal to the body. Returns what is wrong. */
function checkStandardHeaders(
  headers: Headers,
  method: string,
  params: Record<string, unknown>,
  version: string,
): string | undefined {
  const versionHeader = header(headers, "mcp-protocol-version");
  if (versionHeader === undefined) return "the MCP-Protocol-Version header is required";
  if (versionHeader !== version)
    return `MCP-Protocol-Version header value '${versionHeader}' does not match body value '${version}'`;
  const methodHeader = header(headers, "mcp-method");
  if (methodHeader === undefined) return "the Mcp-Method header is required";
  if (methodHeader !== method)
    return `Mcp-Method header value '${methodHeader}' does not match body value '${method}'`;
  const field = NAMED[method];
  if (!field) return undefined;
  const nameHeader = header(headers, "mcp-name");
  if (nameHeader === undefined) return `the Mcp-Name header is required for ${method}`;
  const name = decodeHeaderValue(nameHeader);
  if (name !== params[field])
    return `Mcp-Name header value '${name}' does not match body value '${String(params[field])}'`;
  return undefined;
}

/** Where a tool mirrors an argument into `Mcp-Param-{name}` (tools.mdx, x-mcp-header). */
export interface ParamHeader {
  name: string;
  path: string[];
}

/** Collects x-mcp-header annotations along chains of `properties` (the only place they are valid). */
export function paramHeadersOf(schema: unknown, path: string[] = []): ParamHeader[] {
  if (!isObject(schema) || !isObject(schema.properties)) return [];
  return Object.entries(schema.properties).flatMap(([key, sub]) => {
    const here = [...path, key];
    const own =
      isObject(sub) && typeof sub["x-mcp-header"] === "string"
        ? [{ name: sub["x-mcp-header"], path: here }]
        : [];
    return [...own, ...paramHeadersOf(sub, here)];
  });
}

function valueAt(args: unknown, path: string[]): unknown {
  let value = args;
  for (const key of path) value = isObject(value) ? value[key] : undefined;
  return value;
}

/**
 * Checks the Mcp-Param-* headers a tool's schema asks for against the call's arguments: a value in the body
 * needs its header, and the decoded header must equal it (numbers compared numerically). Returns what is wrong.
 */
export function checkParamHeaders(
  headers: Headers,
  annotations: ParamHeader[],
  args: unknown,
): string | undefined {
  for (const { name, path } of annotations) {
    const value = valueAt(args, path);
    const raw = header(headers, `mcp-param-${name}`);
    if (value === undefined || value === null) {
      if (raw !== undefined) return `Mcp-Param-${name} is set but the argument ${path.join(".")} is absent`;
      continue;
    }
    if (raw === undefined) return `the Mcp-Param-${name} header is required (argument ${path.join(".")})`;
    const sent = decodeHeaderValue(raw);
    const same =
      typeof value === "number" ? sent.trim() !== "" && Number(sent) === value : sent === String(value);
    if (!same) return `Mcp-Param-${name} header value '${sent}' does not match body value '${String(value)}'`;
  }
  return undefined;
}

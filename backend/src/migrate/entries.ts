import { isObject, type Json } from "../clients/index.js";

/** A server entry of any client, in one shape: how it is launched, or where it is reached. */
export interface NormalizedEntry {
  command?: string;
  args: string[];
  env: Record<string, string>;
  cwd?: string;
  url?: string;
  /** For a URL: how the client reaches it. */
  transport?: "http" | "sse";
  headers: Record<string, string>;
  /** The client keeps it but does not start it (Cline's `disabled`). */
  disabled: boolean;
}

const strings = (value: Json | undefined): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
const stringMap = (value: Json | undefined): Record<string, string> =>
  isObject(value)
    ? Object.fromEntries(
        Object.entries(value).flatMap(([k, v]) =>
          typeof v === "string"
            ? [[k, v]]
            : typeof v === "number" || typeof v === "boolean"
              ? [[k, String(v)]]
              : [],
        ),
      )
    : {};
const text = (value: Json | undefined): string | undefined => (typeof value === "string" ? value : undefined);

/**
 * Reads an entry as Claude Desktop, Cline, Cursor, Claude Code, Windsurf (`serverUrl`), VS Code (`type`, `servers`)
 * and Zed (`source: "custom"`, or its older `command: { path, args, env }`) write them. Undefined when it is not an
 * object at all.
 */
export function normalizeEntry(raw: Json | undefined): NormalizedEntry | undefined {
  if (!isObject(raw)) return undefined;
  const nested = isObject(raw.command) ? raw.command : undefined; // Zed before its `source` field
  const url = text(raw.url) ?? text(raw.serverUrl);
  const type = text(raw.type)?.toLowerCase();
  return {
    command: nested ? text(nested.path) : text(raw.command),
    args: strings(nested ? nested.args : raw.args),
    env: stringMap(nested ? nested.env : raw.env),
    cwd: text(raw.cwd),
    url,
    transport: url ? (type === "sse" ? "sse" : "http") : undefined,
    headers: stringMap(raw.headers),
    disabled: raw.disabled === true,
  };
}

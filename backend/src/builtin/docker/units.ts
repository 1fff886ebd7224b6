import { ToolFailure } from "./toolKit.js";

/** Compose's duration and size notations ("1m30s", "500ms"; "512m", "1.5g"), as Docker's API wants them. */

const DURATION_PART = /(\d+(?:\.\d+)?)(h|m(?!s)|s|ms|us|µs|ns)/g;
const NS_PER: Record<string, number> = { h: 3.6e12, m: 6e10, s: 1e9, ms: 1e6, us: 1e3, µs: 1e3, ns: 1 };

/** Nanoseconds from "1m30s", "10s", "250ms" or a number of seconds; throws on anything else. */
export function durationNs(value: string | number): number {
  if (typeof value === "number") return Math.round(value * 1e9);
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1e9);
  let total = 0;
  let matched = "";
  for (const [part, amount, unit] of text.matchAll(DURATION_PART)) {
    total += Number(amount) * NS_PER[unit!]!;
    matched += part;
  }
  if (!matched || matched !== text)
    throw new ToolFailure(`"${value}" is not a duration (e.g. 10s, 1m30s, 500ms)`);
  return Math.round(total);
}

const SIZE = /^(\d+(?:\.\d+)?)\s*([kmgt]?)(i?b?)?$/i;
const BYTES_PER: Record<string, number> = { "": 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 };

/** Bytes from "512m", "1g", "256MB", "1.5GiB" or a number of bytes (Docker's binary units); throws otherwise. */
export function sizeBytes(value: string | number): number {
  if (typeof value === "number") return Math.round(value);
  const match = SIZE.exec(value.trim());
  if (!match) throw new ToolFailure(`"${value}" is not a size (e.g. 512m, 1g, 268435456)`);
  return Math.round(Number(match[1]) * BYTES_PER[match[2]!.toLowerCase()]!);
}

/** "1.2 GB"-style, for summaries. */
export function humanBytes(bytes: number): string {
  const units = ["B", "KB", "MB", "GB", "TB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) [value, unit] = [value / 1024, unit + 1];
  return `${value >= 10 || unit === 0 ? Math.round(value) : value.toFixed(1)} ${units[unit]}`;
}

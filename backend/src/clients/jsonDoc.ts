import {
  findNodeAtLocation,
  getNodeValue,
  parseTree,
  printParseErrorCode,
  type JSONPath,
  type Node,
  type ParseError,
} from "jsonc-parser";
import type { SyntaxProblem } from "@mcp-hub/contracts";
import { isObject as isAnyObject } from "../jsonrpc/index.js";
import { appendItem, removeValue, setValue, type Style } from "./jsonEdit.js";
import type { Json, JsonObject } from "./types.js";

/**
 * Pure JSONC documents: parsed leniently (comments and trailing commas anywhere), edited through jsonEdit.ts so
 * comments, trailing commas, key order and the formatting of everything we do not touch survive.
 */

const BOM = "\uFEFF";
const PARSE_OPTIONS = { allowTrailingComma: true, disallowComments: false, allowEmptyContent: true };

export type { SyntaxProblem } from "@mcp-hub/contracts";

export type ParsedDoc = { ok: true; doc: JsonDoc } | { ok: false; problem: SyntaxProblem };

export interface JsonDoc {
  /** Text without a leading BOM; `bom` remembers it so it is written back. */
  text: string;
  bom: boolean;
  root: Node | undefined;
  style: Style;
}

export function parseDoc(raw: string): ParsedDoc {
  const bom = raw.startsWith(BOM);
  const text = bom ? raw.slice(1) : raw;
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, PARSE_OPTIONS);
  const first = errors[0];
  if (first)
    return {
      ok: false,
      problem: { message: printParseErrorCode(first.error), ...lineColumn(text, first.offset) },
    };
  if (root && root.type !== "object") {
    return {
      ok: false,
      problem: { message: `top level is ${root.type}, expected an object`, ...lineColumn(text, root.offset) },
    };
  }
  return { ok: true, doc: { text, bom, root, style: detectStyle(text) } };
}

export function serialize(doc: JsonDoc): string {
  return (doc.bom ? BOM : "") + doc.text;
}

export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** Indent and EOL of the existing file, so inserted lines look like their neighbours. */
export function detectStyle(text: string): Style {
  const eol = text.includes("\r\n") ? "\r\n" : "\n";
  const indent = /^([ \t]+)["}\]]/m.exec(text)?.[1];
  if (indent?.startsWith("\t")) return { unit: "\t", eol };
  return { unit: indent ?? "  ", eol };
}

function reparse(doc: JsonDoc, text: string): JsonDoc {
  return { ...doc, text, root: parseTree(text, [], PARSE_OPTIONS) };
}

export function valueAt(doc: JsonDoc, path: JSONPath): Json | undefined {
  if (!doc.root) return undefined;
  const node = findNodeAtLocation(doc.root, path);
  return node ? (getNodeValue(node) as Json) : undefined;
}

/** Returns a new doc with `value` at `path` (undefined removes it). */
export function setAt(doc: JsonDoc, path: JSONPath, value: Json | undefined): JsonDoc {
  if (value === undefined) return doc.root ? reparse(doc, removeValue(doc.text, doc.root, path)) : doc;
  // A whitespace-only file is treated as missing content: we write a fresh object.
  const root = doc.text.trim() === "" ? undefined : doc.root;
  return reparse(doc, setValue(root ? doc.text : "", root, path, value, doc.style));
}

export function appendAt(doc: JsonDoc, path: JSONPath, value: Json): JsonDoc {
  if (!doc.root) return doc;
  return reparse(doc, appendItem(doc.text, doc.root, path, value, doc.style));
}

export function emptyDoc(): JsonDoc {
  return { text: "", bom: false, root: undefined, style: { unit: "  ", eol: "\n" } };
}

/** The shared object check, narrowing a JSON value to a JSON object (whose values stay JSON). */
export function isObject(value: Json | undefined): value is JsonObject {
  return isAnyObject(value);
}

/** Structural equality: key order of objects does not matter, array order does. */
export function jsonEqual(a: Json | undefined, b: Json | undefined): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, i) => jsonEqual(item, b[i]));
  }
  if (!isObject(a) || !isObject(b)) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((k) => Object.prototype.hasOwnProperty.call(b, k) && jsonEqual(a[k], b[k]));
}
